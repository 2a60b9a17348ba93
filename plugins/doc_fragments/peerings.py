# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of modules that converge many peering connections in one run (module_utils/batch.py)."""


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  peerings:
    description:
      - Converge several connections in one run instead of a loop. Each item is a dict of this module's options
        for one connection (and its O(region)); options given beside O(peerings) are every item's defaults.
      - Each item is checked, planned and applied as the same options would be in a loop item, with the same
        result, returned in RV(results) in item order. Items run at the same time, at most
        O(max_concurrency) at once, sharing clients, the caller's identity and reads (one filtered describe per
        region and resource kind, instead of one per item), so a run over many connections costs one module run.
        Items start one region at a time in turn, so concurrent items draw on different regions' request rates.
      - An item that fails does not stop the others (as in a loop); the module then fails naming every failed
        item. An invalid item fails the module before any call.
      - Give each connection once; O(peerings) excludes the options naming a single connection.
    type: list
    elements: dict
  max_concurrency:
    description: How many items of O(peerings) run at the same time.
    type: int
    default: 4
"""
