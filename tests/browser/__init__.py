# A package, so that this folder's conftest.py and helper modules never shadow tests/conftest.py.
