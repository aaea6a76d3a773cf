"""Scan stage, index fallback: index a file whose syntax the running Python's ``ast`` rejects (pure).

LibCST's parser accepts Python 3.0 to 3.14 syntax whatever interpreter runs it, so a file
using, say, PEP 695 generics under Python 3.11 is still indexed instead of skipped. Uses are
counted without scope analysis here (a rare path; the codemods do their own scope analysis).
"""

from __future__ import annotations

from collections import Counter

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, PositionProvider

from ssot_refactor.scan.index import attribute_uses
from ssot_refactor.scan.records import MODULE_SCOPE, ClassInfo, ImportRecord, ModuleInfo, resolve_relative


def index_with_libcst(path: str, text: str, module: str | None, is_package: bool) -> ModuleInfo | None:
    """Index ``text`` with LibCST; None when LibCST cannot parse it either."""
    try:
        tree = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return None
    wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
    collector = _Collector(module, is_package)
    wrapper.visit(collector)
    imports = tuple(_with_uses(record, collector) for record in collector.imports)
    return ModuleInfo(
        path=path,
        module=module,
        is_package=is_package,
        imports=imports,
        all_names=collector.all_names,
        defined=tuple(collector.defined.items()),
        classes=tuple(collector.classes),
        strings=(),
        parser="libcst",
        undefined=None,
    )


def _with_uses(record: ImportRecord, collector: _Collector) -> ImportRecord:
    from dataclasses import replace

    attrs, chains = attribute_uses(record.local, collector.chains.items())
    uses = collector.names[record.local] if "." not in record.local else 0
    return replace(
        record,
        uses=uses + sum(attrs.values()),
        attrs=tuple(sorted(attrs.items())),
        chains=tuple(sorted(chains.items())),
    )


class _Collector(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, module: str | None, is_package: bool) -> None:
        super().__init__()
        self.module, self.is_package = module, is_package
        self.imports: list[ImportRecord] = []
        self.defined: dict[str, int] = {}
        self.classes: list[ClassInfo] = []
        self.all_names: tuple[str, ...] | None = None
        self.names: Counter[str] = Counter()
        self.chains: Counter[str] = Counter()
        self.depth = 0
        self.kinds: list[str] = ["module"]

    def _line(self, node: cst.CSTNode) -> int:
        position = self.get_metadata(PositionProvider, node)
        return int(position.start.line)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if len(self.kinds) == 1:
            self.defined.setdefault(node.name.value, self._line(node))
        self.kinds.append("function")

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.kinds.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if len(self.kinds) == 1:
            line = self._line(node)
            self.defined.setdefault(node.name.value, line)
            bases = tuple(filter(None, (get_full_name_for_node(arg.value) for arg in node.bases)))
            methods = tuple(item.name.value for item in node.body.body if isinstance(item, cst.FunctionDef))
            self.classes.append(ClassInfo(node.name.value, line, bases, methods, bool(node.decorators)))
        self.kinds.append("class")

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.kinds.pop()

    def visit_Name(self, node: cst.Name) -> None:
        self.names[node.value] += 1

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        chain = get_full_name_for_node(node)
        if chain is not None:
            self.chains[chain] += 1
            return False
        return True

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            name = get_full_name_for_node(alias.name) or ""
            local = alias.evaluated_alias or name
            self._record(node, name, None, local, alias.asname is not None, 0)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        target = get_full_name_for_node(node.module) if node.module else None
        module = resolve_relative(self.module, self.is_package, len(node.relative), target)
        if isinstance(node.names, cst.ImportStar):
            self._record(node, module, "*", "*", False, len(node.relative))
            return False
        for alias in node.names:
            name = alias.evaluated_name
            self._record(
                node,
                module,
                name,
                alias.evaluated_alias or name,
                alias.asname is not None,
                len(node.relative),
            )
        return False

    def _record(
        self, node: cst.CSTNode, module: str, name: str | None, local: str, aliased: bool, level: int
    ) -> None:
        kind = self.kinds[-1]
        self.imports.append(
            ImportRecord(
                line=self._line(node),
                module=module,
                name=name,
                local=local,
                scope=MODULE_SCOPE if kind == "module" else -1,
                scope_kind=kind,
                guard="",
                aliased=aliased,
                level=level,
            )
        )

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(self.kinds) != 1:
            return
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                name = target.target.value
                if name == "__all__":
                    self.all_names = _literal_strings(node.value)
                else:
                    self.defined.setdefault(name, self._line(node))


def _literal_strings(value: cst.BaseExpression) -> tuple[str, ...] | None:
    if not isinstance(value, (cst.List, cst.Tuple)):
        return None
    items = []
    for element in value.elements:
        if not isinstance(element.value, cst.SimpleString):
            return None
        items.append(element.value.evaluated_value)
    return tuple(str(item) for item in items)
