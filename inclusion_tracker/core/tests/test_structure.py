"""The code's structure (docs/architecture.md, "Layers"): `lint-imports`
checks that each app imports only the apps below it; this checks that no
module imports one that imports it back, however indirectly (tests and
migrations aside), so every module can be read from the bottom up."""

import grimp


def _production(module: str) -> bool:
    return ".tests" not in module and ".migrations" not in module


def test_no_module_imports_one_that_imports_it_back():
    graph = grimp.build_graph("inclusion_tracker")
    cycles = sorted(
        {
            tuple(sorted((importer, imported)))
            for importer in filter(_production, graph.modules)
            for imported in filter(_production, graph.find_modules_directly_imported_by(importer))
            if graph.chain_exists(importer=imported, imported=importer)
        }
    )
    assert cycles == []
