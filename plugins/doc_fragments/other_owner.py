# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The option of the peering modules that waits, bounded, for the part of a peering another owner's run makes."""


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  wait_for_other_owner:
    description:
      - What to do when this task needs a part of the peering that only the other VPC's owner makes, and it is not
        there yet. For O(vpcmesh.aws.cross_region_peering#module:state=accepted), that is the request (made by the
        requester's run); for M(vpcmesh.aws.peering_dns_options) and M(vpcmesh.aws.peer_routes), the request and the
        accept by the accepter's account, which make the connection active.
      - Not set (the default), the task fails at once, naming who must act where.
      - Set to a number of seconds, the task waits up to that long for the other run (another job slice or another
        account's job running at the same time), reading the connection with backoff, and then, if the part has
        still not come, leaves the item undone without failing (not changed), with RV(waiting_for) saying what it
        waited for. The next run finishes the job. V(0) does not wait. In check mode it never waits, since no run
        makes anything then.
      - C(playbooks/site.yml) sets it from the inventory variable C(vpcmesh_peer_wait_timeout) (default V(0)), so a
        run limited to some hosts (C(--limit), a job slice) never fails because a peer's owner is not in the run.
      - A connection that failed, was rejected or expired still fails the task at once.
    type: int
"""
