"""The probe and the index of the installed pychrono (`probe`, `index --out FILE`), on the
double as pip or conda installs it and as a build from source presents it (no package
metadata), and the reading of SWIG's docstring signatures."""

import json
import os
import subprocess
import sys
import tempfile

from helpers import bridge_env, source_built_double
from twinforge_bridge import introspect


def _bridge(args, env):
    return subprocess.run([sys.executable, "-m", "twinforge_bridge"] + args, env=env, capture_output=True, text=True, timeout=60)


def _index(env):
    out = os.path.join(tempfile.mkdtemp(prefix="tf-index-"), "index.json")
    done = _bridge(["index", "--out", out], env)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    with open(out) as f:
        return summary, json.load(f)


def test_the_index_lists_every_module_with_classes_bases_members_and_signatures():
    summary, index = _index(bridge_env())
    assert index["format"] == 1 and index["source"] == "installed" and index["pychrono_version"] == "9.0.1"
    assert sorted(index["modules"]) == ["pychrono.core", "pychrono.fea", "pychrono.robot", "pychrono.vehicle"]
    assert summary["modules"]["pychrono.core"] == len(index["modules"]["pychrono.core"])
    core = index["modules"]["pychrono.core"]
    box = core["ChBodyEasyBox"]
    assert box["kind"] == "class" and box["bases"] == ["ChBody"]
    # Inherited members are listed; SWIG's own plumbing is not.
    assert "SetPos" in box["members"] and "GetIdentifier" in box["members"]
    assert "this" not in box["members"] and "thisown" not in box["members"]
    assert core["ChBody"]["signatures"]["SetPos"] == ["(self, p)"]
    assert core["GetChronoDataFile"] == {"kind": "function", "signatures": ["(name)"]}
    assert core["CH_PI"]["kind"] == "constant" and abs(core["CH_PI"]["value"] - 3.14159265) < 1e-6
    assert core["VNULL"] == {"kind": "ChVector3d"}
    assert index["modules"]["pychrono.vehicle"]["HMMWV_Full"]["bases"] == ["HMMWV"]


def test_a_build_from_source_is_found_and_indexed_with_an_unknown_version():
    env = bridge_env(double=source_built_double())
    probe = json.loads(_bridge(["probe"], env).stdout)
    assert probe["pychronoFound"] is True and probe["pychrono"] is None and probe["problem"] is None
    assert probe["pychronoPath"].endswith(os.path.join("tf-pychrono-build-" + probe["pychronoPath"].split("tf-pychrono-build-")[1]))
    assert probe["modules"]["core"] and probe["modules"]["vehicle"]
    summary, index = _index(env)
    assert index["pychrono_version"] is None and summary["pychrono"] is None
    assert "ChSystemNSC" in index["modules"]["pychrono.core"]


def test_metadata_of_another_copy_does_not_name_the_version_of_the_one_that_imports():
    # A source build first on PYTHONPATH shadows an installed pychrono (with its dist-info).
    env = bridge_env(double=source_built_double())
    env["PYTHONPATH"] += os.pathsep + bridge_env()["PYTHONPATH"].split(os.pathsep)[-1]
    probe = json.loads(_bridge(["probe"], env).stdout)
    assert probe["pychronoFound"] and probe["pychrono"] is None


def test_a_run_on_a_build_from_source_says_hello_with_an_unknown_version():
    from helpers import run_source

    result = run_source("import pychrono as chrono\nprint(chrono.ChSystemNSC().GetChTime())\n", env=bridge_env(double=source_built_double()))
    assert result.json[0]["pychrono"] is None
    assert result.end["status"] == "finished" and "0.0" in result.stdout


def test_an_unrelated_package_named_pychrono_is_not_taken_for_chrono():
    folder = tempfile.mkdtemp(prefix="tf-pip-pychrono-")
    os.makedirs(os.path.join(folder, "pychrono"))
    with open(os.path.join(folder, "pychrono", "__init__.py"), "w") as f:
        f.write("")
    probe = json.loads(_bridge(["probe"], bridge_env(double=folder)).stdout)
    assert probe["pychronoFound"] is False
    assert "not Project Chrono's" in probe["problem"]


def test_the_index_command_fails_plainly_without_pychrono():
    done = _bridge(["index", "--out", os.path.join(tempfile.mkdtemp(), "i.json")], bridge_env(with_double=False))
    assert done.returncode == 1
    assert "pychrono cannot be imported" in json.loads(done.stdout)["error"]


class ChBody:
    """Shaped like a SWIG proxy class (autodoc docstrings, *args wrappers)."""

    def __init__(self, *args):
        r"""
        __init__(ChBody self) -> ChBody
        __init__(ChBody self, ChBody other) -> ChBody
        """

    def SetPos(self, *args):
        r"""SetPos(ChBody self, ChVector3d pos)"""

    def GetPos(self, *args):
        r"""GetPos(ChBody self) -> ChVector3d"""

    def AddVisualShape(self, *args):
        r"""AddVisualShape(ChBody self, std::shared_ptr< chrono::ChVisualShape > shape, ChFramed frame=ChFramed()) -> void"""

    def SetName(self, *args):
        r"""SetName(ChBody self, std::string const & name)"""

    def Undocumented(self, *args):
        return None


def test_swig_docstrings_give_python_style_signatures_and_absent_ones_give_none():
    entry = introspect.describe_class(ChBody)
    sigs = entry["signatures"]
    assert sigs["SetPos"] == ["(self, pos: ChVector3d)"]
    assert sigs["GetPos"] == ["(self) -> ChVector3d"]
    assert sigs["AddVisualShape"] == ["(self, shape: ChVisualShape, frame: ChFramed = ChFramed()) -> void"]
    assert sigs["SetName"] == ["(self, name: str)"]
    assert sigs["__init__"] == ["(self)", "(self, other: ChBody)"]
    assert "Undocumented" not in sigs and "Undocumented" in entry["members"]


def test_template_commas_do_not_split_parameters():
    doc = "Load(ChLoader self, std::map< std::string, double > const & table, int n=3) -> bool"
    assert introspect.parse_swig_doc(doc, "Load") == ["(self, table: map< str, float >, n: int = 3) -> bool"]
