"""The pychrono double may implement only what real pychrono 9.0.1 has: every public
module-level name, class base and class member it defines must be in the API listing."""

import importlib
import inspect
import json
import os

import pytest

from helpers import REPO

API = os.path.join(REPO, "..", "shared", "design", "pychrono-9.0.1-api.json")
MODULES = ("core", "fea", "vehicle", "robot")


@pytest.fixture(scope="module")
def api():
    if not os.path.isfile(API):
        pytest.skip("the API listing %s is absent (../shared/design)" % API)
    with open(API) as f:
        return json.load(f)["modules"]


def _public(names):
    return [n for n in names if not n.startswith("_")]


def _defined_here(module):
    """Public names the module defines or re-exports (what `from module import *` gives)."""
    return [n for n in _public(vars(module)) if not inspect.ismodule(getattr(module, n))]


@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_exists_in_the_real_module(api, name):
    module = importlib.import_module("pychrono." + name)
    real = api["pychrono." + name]
    invented = [n for n in _defined_here(module) if n not in real]
    assert invented == []


@pytest.mark.parametrize("name", MODULES)
def test_classes_have_real_bases_and_members_only(api, name):
    module = importlib.import_module("pychrono." + name)
    real = api["pychrono." + name]
    problems = []
    for attr in _defined_here(module):
        obj = getattr(module, attr)
        if not inspect.isclass(obj):
            continue
        spec = real[attr]
        if spec.get("kind") != "class":
            problems.append("%s is a class in the double but a %s in pychrono" % (attr, spec.get("kind")))
            continue
        bases = [b.__name__ for b in obj.__bases__ if b is not object and not b.__name__.startswith("_")]
        for b in bases:
            if b not in spec["bases"]:
                problems.append("%s has base %s, not in %s" % (attr, b, spec["bases"]))
        for member in _public(dir(obj)):
            if member not in spec["members"]:
                problems.append("%s.%s" % (attr, member))
    assert problems == []


def test_functions_and_constants_match_their_kind(api):
    import pychrono.core as chrono

    real = api["pychrono.core"]
    for attr in _defined_here(chrono):
        obj = getattr(chrono, attr)
        kind = real[attr]["kind"]
        if inspect.isfunction(obj):
            assert kind == "function", attr
        elif kind == "constant":
            assert obj == pytest.approx(real[attr]["value"]), attr


def test_top_level_package_reexports_core():
    import pychrono
    import pychrono.core as chrono

    assert pychrono.ChSystemNSC is chrono.ChSystemNSC
    assert pychrono.CastToChVisualShapeBox is chrono.CastToChVisualShapeBox


def test_double_lacks_the_modules_real_installs_often_lack():
    for name in ("irrlicht", "sensor", "ros", "pardisomkl"):
        assert importlib.util.find_spec("pychrono." + name) is None
    import pychrono.vehicle as veh

    assert not hasattr(veh, "ChInteractiveDriverIRR")
    assert not hasattr(veh, "ChWheeledVehicleVisualSystemIrrlicht")
