"""Stand-in for ansible-test's pip bootstrap script (get-pip), whose download host is not reachable here.

ansible-test creates each sanity virtual environment without pip and runs this file with pip-install
options and package specs. It installs the pip bundled with Python (ensurepip), then runs
`pip install <the same arguments>` from the configured package index, which is what get-pip does.
scripts/test copies it to ~/.ansible/test/cache/get_pip_<version>.py before running ansible-test.
"""
import subprocess
import sys

# get-pip's own flags, which pip install does not know.
GET_PIP_ONLY = {"--no-setuptools", "--no-wheel"}

# ensurepip runs in its own process: in-process it sets PIP_CONFIG_FILE=/dev/null, which would hide the
# machine's pip configuration (index, certificates) from the install below.
subprocess.check_call([sys.executable, "-m", "ensurepip"])
args = [a for a in sys.argv[1:] if a not in GET_PIP_ONLY]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", *args]))
