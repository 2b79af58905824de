import os
import sys

# The package under test and the pychrono double, whatever runs pytest.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)
sys.path.insert(0, os.path.dirname(_HERE))
sys.path.insert(1, os.path.join(os.path.dirname(os.path.dirname(_HERE)), "test", "fixtures", "pychrono-double"))
