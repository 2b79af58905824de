"""Import and name errors say which of two things is wrong: the script (a module or name no
PyChrono has: the repair loop can fix it) or the install (an optional module it lacks:
no edit can)."""

import pytest

from helpers import run_source


@pytest.mark.parametrize(
    "source, line",
    [
        ("import pychrono as chrono\nimport pychrono.engine as engine\n", 2),
        ("from pychrono import visualization\n", 1),
        ("import pychrono.visualization as vis\n", 1),
    ],
)
def test_a_module_no_pychrono_has_is_a_mistake_in_the_script(source, line):
    error = run_source(source).one("error")
    assert error["errorType"] == "UnknownModuleError" and error["line"] == line
    assert error["missingModule"] is None  # the repair loop goes on
    assert "does not exist in any PyChrono" in error["message"]
    # The real modules are listed, and what this install has.
    assert "pychrono.vehicle" in error["message"] and "this install has core, fea, robot, vehicle" in error["message"]


def test_a_misspelt_module_gets_the_closest_real_one():
    error = run_source("import pychrono.vehicles as veh\n").one("error")
    assert "Did you mean pychrono.vehicle?" in error["message"]


def test_import_chrono_says_how_pychrono_is_imported():
    error = run_source("import chrono\n").one("error")
    assert error["missingModule"] is None
    assert "import pychrono as chrono" in error["message"]


@pytest.mark.parametrize("statement", ["import pychrono.sensor as sens", "from pychrono import sensor"])
def test_an_optional_module_the_install_lacks_is_a_property_of_the_install(statement):
    error = run_source("import pychrono as chrono\n%s\n" % statement).one("error")
    assert error["errorType"] == "MissingModuleError" and error["missingModule"] == "sensor"
    assert "not a mistake in the script" in error["message"]
    assert "CUDA" in error["message"] and "projectchrono" in error["message"]


def test_an_invented_class_is_named_with_the_closest_real_names():
    error = run_source("import pychrono as chrono\nsys = chrono.ChSystemNSCC()\n").one("error")
    assert error["errorType"] == "AttributeError" and error["line"] == 2
    assert "does not define it" in error["message"] and "ChSystemNSC" in error["message"]


def test_a_name_from_before_chrono_9_gets_its_new_name():
    error = run_source("import pychrono.core as chrono\nv = chrono.ChVectorD(1, 2, 3)\n").one("error")
    assert "ChVectorD" in error["message"] and "calls it ChVector3d" in error["message"]


def test_a_submodule_used_before_its_import_says_to_import_it():
    error = run_source("import pychrono as chrono\nchrono.vehicle.HMMWV_Full()\n").one("error")
    assert "import pychrono.vehicle" in error["message"]


def test_names_that_exist_and_hasattr_still_behave():
    result = run_source(
        "import pychrono as chrono\nprint(hasattr(chrono, 'ChSimulation'), hasattr(chrono, 'ChBody'), getattr(chrono, 'Nope', 7))\n"
    )
    assert "False True 7" in result.stdout and result.end["status"] == "finished"
