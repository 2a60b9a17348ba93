# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS clients that share one botocore data loader per module run.

amazon.aws's ``module.client()`` makes a new boto3 session, and so a new loader, for every client, and each
loader parses the service's model again: for EC2 about 20 MB of memory and most of a second of CPU per
client. A module acting in several regions makes one client per region, service and retry setting, so it
paid that many times; with one loader the model is parsed once and later clients cost a few milliseconds.
Connection settings (credentials, profile, endpoint_url, certificate checks, aws_config) are amazon.aws's
own, read with its ``get_aws_connection_info``, and so is the user agent string (``APN/1.0 Ansible/<version>
amazon.aws/<version>``) that ``boto3_conn`` puts in every client's ``Config``: AWS sees our requests as those of
Ansible's amazon.aws.
"""

from __future__ import annotations

from ansible_collections.amazon.aws.plugins.module_utils.botocore import get_aws_connection_info
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

try:
    # The user agent amazon.aws's boto3_conn sets, from its own helper. The helper is private there, so
    # tests/unit/test_clients.py checks it against the user agent of boto3_conn's clients; an amazon.aws
    # without it still gets clients, with botocore's user agent.
    from ansible_collections.amazon.aws.plugins.module_utils.botocore import _get_user_agent_string as amazon_aws_user_agent
except ImportError:
    amazon_aws_user_agent = None

try:
    import botocore.config
    import botocore.session
except ImportError:  # handled by AnsibleAWSModule
    pass

_SHARED = {}


def shared_loader():
    """The process's one botocore data loader (models parsed once, cached by the loader)."""
    if "loader" not in _SHARED:
        _SHARED["loader"] = botocore.session.get_session().get_component("data_loader")
    return _SHARED["loader"]


def make_client(module, service, retry_decorator=None, region=None, **overrides):
    """Like ``AnsibleAWSModule.client``: ``overrides`` replace the module's connection settings
    (``profile_name``, ``aws_access_key_id``, ...). As in amazon.aws's ``boto3_conn``, amazon.aws's user agent
    comes first, ``config`` (our default, e.g. retries) is merged over it and the user's ``aws_config`` over
    both, so a setting the user gives wins."""
    default_region, endpoint_url, params = get_aws_connection_info(module)
    params.update(overrides)
    profile = params.pop("profile_name", None)
    config = botocore.config.Config()
    for key in ("config", "aws_config"):
        extra = params.pop(key, None)
        if extra:
            config = config.merge(extra if isinstance(extra, botocore.config.Config) else botocore.config.Config(**extra))
    # amazon.aws's string goes in user_agent_extra, before the user's own extra: botocore's user agent keeps its
    # other parts, among them the application ID a user sets with AWS_SDK_UA_APP_ID (a full user_agent, as
    # boto3_conn sets, would drop it).
    appended = " ".join(part for part in (amazon_aws_user_agent() if amazon_aws_user_agent else None,
                                          config.user_agent_extra) if part)
    if appended:
        config = config.merge(botocore.config.Config(user_agent_extra=appended))
    try:
        session = botocore.session.Session(profile=profile)
        session.register_component("data_loader", shared_loader())
        conn = session.create_client(service, region_name=region or default_region, endpoint_url=endpoint_url,
                                     config=config, **params)
    except (ValueError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Couldn't connect to AWS ({service} in {region or default_region})")
    return conn if retry_decorator is None else RetryingBotoClientWrapper(conn, retry_decorator)
