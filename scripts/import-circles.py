#!/usr/bin/env python3
"""Import circles between the source files of each given `src/` folder.

A file that names `crate::a::b…` or `super::x…` (also in `use …::{x, y}` groups) depends on
the file of the longest module path that exists (`a/b.rs`, `a/b/mod.rs`, `a.rs`,
`a/mod.rs`). A module and its own submodules are one unit (a child using its parent's items
and the parent its children's is how Rust modules are built), so only edges between files
that are not each other's ancestor count; test modules are left out. Prints each circle (its files
and the edges between them) and exits 1 if there is one, so the test command fails on it.

    scripts/import-circles.py www/src office/src
"""
import os
import re
import sys


def sources(root):
    """Every `.rs` file under `root`, by path relative to it, without test modules and comments."""
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".rs"):
                path = os.path.relpath(os.path.join(folder, name), root)
                with open(os.path.join(root, path)) as f:
                    text = f.read()
                text = re.sub(r"#\[cfg\(test\)\]\s*mod tests[\s\S]*", "", text)
                files[path] = re.sub(r"//[^\n]*", "", text)
    return files


def module_path(path):
    parts = path[:-3].split("/")
    if parts[-1] == "mod":
        parts = parts[:-1]
    return [] if parts in (["main"], ["lib"]) else parts


def dependencies(files):
    by_module = {tuple(module_path(p)): p for p in files}

    def resolve(segments):
        for n in range(len(segments), -1, -1):
            if tuple(segments[:n]) in by_module:
                return by_module[tuple(segments[:n])]
        return None

    edges = {p: set() for p in files}
    for path, text in files.items():
        parent = module_path(path)[:-1]
        for match in re.finditer(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z_0-9]*)+)", text):
            base = [] if match.group(1) == "crate" else parent
            target = resolve(base + match.group(2).strip(":").split("::"))
            if target and target != path:
                edges[path].add(target)
        for match in re.finditer(r"use (crate|super)((?:::[a-z_]+)*)::\{([^}]*)\}", text):
            base = [] if match.group(1) == "crate" else parent
            prefix = [s for s in match.group(2).split("::") if s]
            for item in match.group(3).split(","):
                target = resolve(base + prefix + [item.strip().split("::")[0]])
                if target and target != path:
                    edges[path].add(target)
    modules = {p: tuple(module_path(p)) for p in files}

    def related(a, b):
        shorter, longer = sorted((modules[a], modules[b]), key=len)
        return longer[: len(shorter)] == shorter

    return {p: {t for t in targets if not related(p, t)} for p, targets in edges.items()}


def strongly_connected(edges):
    """Tarjan's algorithm: the groups of files that import each other, larger than one."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in edges:
        if v not in index:
            visit(v)
    return groups


found = 0
for root in sys.argv[1:]:
    edges = dependencies(sources(root))
    for group in strongly_connected(edges):
        found += 1
        print(f"import circle in {root}: {', '.join(group)}")
        for v in group:
            print(f"  {v} -> {', '.join(sorted(w for w in edges[v] if w in group))}")
    print(f"{root}: {len(edges)} files, {'no import circle' if not found else 'circles above'}")
sys.exit(1 if found else 0)
