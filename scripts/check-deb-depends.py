#!/usr/bin/env python3
"""Checks that a .deb's Depends cover every shared library its ELF files load.

dpkg -i on a machine with every build package installed proves nothing about Depends: the
libraries are there anyway. This resolves each packed ELF's libraries with ldd (on this Debian
system), finds the package that owns each one, and requires that package to be reachable from
the .deb's Depends through installed packages' Depends/Pre-Depends. Run it on an extracted
package: check-deb-depends.py PACKAGE.deb EXTRACTED_ROOT
"""
import os
import re
import subprocess
import sys


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def names(field):
    """Package names of a Depends field; every alternative of "a | b" counts."""
    out = set()
    for clause in filter(None, (c.strip() for c in field.split(","))):
        for alt in clause.split("|"):
            name = re.split(r"[\s(:]", alt.strip(), maxsplit=1)[0]
            if name:
                out.add(name)
    return out


def installed_graph():
    """Installed package -> dependency names, and virtual name -> packages providing it."""
    deps, providers = {}, {}
    fmt = "${Package}\t${Status}\t${Depends}, ${Pre-Depends}\t${Provides}\n"
    for line in run("dpkg-query", "-W", "-f", fmt).splitlines():
        pkg, status, dep, provides = (line.split("\t") + ["", "", ""])[:4]
        if not status.endswith("installed") or "not-installed" in status:
            continue
        deps[pkg] = names(dep)
        for virtual in names(provides):
            providers.setdefault(virtual, set()).add(pkg)
    return deps, providers


def closure(roots, deps, providers):
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        for pkg in {name} | providers.get(name, set()):
            if pkg in seen or pkg not in deps:
                continue
            seen.add(pkg)
            todo.extend(deps[pkg])
    return seen


def elf_files(root):
    for folder, _, files in os.walk(root):
        for f in files:
            path = os.path.join(folder, f)
            if not os.path.islink(path):
                with open(path, "rb") as fh:
                    if fh.read(4) == b"\x7fELF":
                        yield path


def owners(libraries):
    """Library path -> owning package, in one dpkg-query call (one call per library takes
    minutes on a system with thousands of packages)."""
    candidates = {}
    for lib in libraries:
        real = os.path.realpath(lib)
        # dpkg records /usr/lib paths; merged-/usr systems resolve them under /lib too.
        for path in (lib, real, re.sub(r"^/lib/", "/usr/lib/", lib), re.sub(r"^/lib/", "/usr/lib/", real)):
            candidates.setdefault(path, set()).add(lib)
    found = subprocess.run(["dpkg-query", "-S", *sorted(candidates)], capture_output=True, text=True).stdout
    result = {}
    for line in found.splitlines():
        pkgs, _, path = line.partition(": ")
        for lib in candidates.get(path, ()):
            result.setdefault(lib, pkgs.split(",")[0].split(":")[0].strip())
    return result


def main():
    deb, root = sys.argv[1], sys.argv[2]
    depends = run("dpkg-deb", "-f", deb, "Depends")
    deps, providers = installed_graph()
    reachable = closure(names(depends), deps, providers)
    problems, links = [], []
    for elf in sorted(elf_files(root)):
        for line in run("ldd", elf).splitlines():
            if "not found" in line:
                problems.append(f"{elf}: {line.strip()}")
            m = re.match(r"\s*(\S+) => (/\S+)", line)
            if m:
                links.append((elf, m.group(1), m.group(2)))
    owner = owners({path for _, _, path in links})
    for elf, name, path in links:
        pkg = owner.get(path)
        if pkg is None:
            problems.append(f"{elf}: {path} belongs to no package")
        elif pkg not in reachable:
            problems.append(f"{elf}: {name} from {pkg}, not reachable from Depends")
    for p in problems:
        print("check-deb-depends:", p.replace(root, ""), file=sys.stderr)
    print(f"check-deb-depends: {len(links)} library links of {len({e for e, _, _ in links})} ELF files "
          f"checked against {len(reachable)} packages reachable from Depends, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
