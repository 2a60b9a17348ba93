"""Tests of the vpcmesh.aws collection (a package so `tests.emulator` can be imported)."""
