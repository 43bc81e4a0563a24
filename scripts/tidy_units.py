"""Which clang-tidy runs scripts/check-tidy.sh makes: one line per run, "COMPILE_DB_DIR FILE [CHECKS]".

TweetLab's own sources (not generated ones) from the release build's compile commands, minus the
units that include LibTorch (Ninja's header record, or a target's precompiled header). With every
unit wanted, the sanitizer build's unity batches of one target whose members are all wanted are
analysed as one run: a file in WORK_DIR/merged that includes them all, with the batches' compile
command (WORK_DIR/merged/compile_commands.json). Most of clang-tidy's time goes into matching its
checks over the Qt, JSON and GoogleTest headers, once per run: the workbench's 40 files take 29 s
as one run and ~100 s as five batches of eight. The rest go one by one with the release build's
commands.
Usage: tidy_units.py ROOT RELEASE_DIR UNITY_DIR NINJA_DEPS_FILE WORK_DIR all|changed|files [FILE...]
"""
import json
import os
import re
import sys

root, release, unity, deps_file, work, mode = sys.argv[1:7]
wanted_files = {os.path.normpath(os.path.join(root, f)) for f in sys.argv[7:]}
build_prefix = os.path.join(root, "build") + os.sep


def own(path):
    return path.startswith(root + os.sep) and not path.startswith(build_prefix)


def entries(folder):
    for entry in json.load(open(os.path.join(folder, "compile_commands.json"))):
        command = entry.get("command") or " ".join(entry["arguments"])
        source = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        output = entry.get("output") or command.split(" -o ", 1)[1].split()[0]
        yield source, os.path.normpath(os.path.join(entry["directory"], output)), command


headers = {}  # object file -> the headers it included in the last release build
current = None
for line in open(deps_file):
    if line.strip() and not line[0].isspace():
        current = os.path.normpath(os.path.join(release, line.split(":")[0]))
        headers[current] = []
    elif line.strip() and current:
        headers[current].append(os.path.normpath(os.path.join(release, line.strip())))

TORCH = re.compile(r"/(torch|ATen|c10)/")
sources, torch = {}, set()  # own source -> the headers it includes; the LibTorch ones
for source, obj, command in entries(release):
    if not own(source):
        continue
    included = headers.get(obj, [])
    sources[source] = included
    if "cmake_pch" in command or any(TORCH.search(h) for h in included):
        torch.add(source)

if mode == "all":
    chosen = [s for s in sources if s not in torch]
else:
    chosen = [s for s in sources if s not in torch and (s in wanted_files or wanted_files.intersection(sources[s]))]

def checks_for(path, extra=()):
    """Checks to turn off for one run. Tests read optionals after ASSERT_TRUE(x), which returns
    from the test on failure in a way the optional-access check cannot follow; an empty optional
    read in a test aborts it in the sanitizer build instead (_GLIBCXX_ASSERTIONS)."""
    off = list(extra)
    if "/tests/" in path:
        off.append("-bugprone-unchecked-optional-access")
    return ",".join(off)


runs, covered = [], set()
if mode == "all" and os.path.exists(os.path.join(unity, "compile_commands.json")):
    targets = {}  # a target's Unity folder -> its command and batches, in CMake's order
    for batch, _, command in entries(unity):
        if "/Unity/unity_" not in batch or "cmake_pch" in command:
            continue
        members = [os.path.normpath(m) for m in re.findall(r'#include "([^"]+)"', open(batch).read())]
        if members and all(m in sources and m not in torch for m in members):
            target = targets.setdefault(os.path.dirname(batch), {"command": command, "batches": []})
            target["batches"].append(batch)
            covered.update(members)
    merged_dir = os.path.join(work, "merged")
    os.makedirs(merged_dir, exist_ok=True)
    database = []
    for number, (folder, target) in enumerate(sorted(targets.items())):
        name = os.path.basename(os.path.dirname(folder)).removesuffix(".dir")
        merged = os.path.join(merged_dir, f"unity_{number}_{name}.cxx")
        with open(merged, "w") as out:
            for batch in sorted(target["batches"]):
                out.write(open(batch).read())
        command = target["command"].replace(target["batches"][0], merged)
        database.append({"directory": unity, "command": command, "file": merged})
        # A unity batch #includes .cpp files by design: that check would flag CMake, not us.
        runs.append((merged_dir, merged, checks_for(folder, ["-bugprone-suspicious-include"]),
                     os.path.getsize(merged)))
    # What no unity batch covers (a target the sanitizer build leaves out, or whose batches
    # include LibTorch units) is merged the same way, per release-build command.
    commands = {source: command for source, _, command in entries(release)}
    by_target = {}
    for source in sorted(set(chosen) - covered):
        command = commands[source]
        folder = os.path.dirname(command.split(" -o ", 1)[1].split()[0])  # .../<target>.dir
        by_target.setdefault((folder, re.sub(r" -o \S+| -c \S+", "", command)), []).append(source)
    for number, ((folder, _), members) in enumerate(by_target.items()):
        if len(members) < 2:
            continue
        name = os.path.basename(folder).removesuffix(".dir")
        merged = os.path.join(merged_dir, f"unity_r{number}_{name}.cxx")
        with open(merged, "w") as out:
            for member in members:
                out.write(f'#include "{member}"\n')
        command = commands[members[0]].replace(members[0], merged)
        database.append({"directory": release, "command": command, "file": merged})
        runs.append((merged_dir, merged, checks_for(members[0], ["-bugprone-suspicious-include"]),
                     os.path.getsize(merged)))
        covered.update(members)
    json.dump(database, open(os.path.join(merged_dir, "compile_commands.json"), "w"))
    # The biggest first: two processes finish closer together.
    runs = [run[:3] for run in sorted(runs, key=lambda run: -run[3])]
runs += [(release, s, checks_for(s)) for s in sorted(set(chosen) - covered)]
for run in runs:
    print(" ".join(run).rstrip())
print(f"check-tidy: {len(set(chosen))} translation units in {len(runs)} runs "
      f"({len(covered)} of them in one run per target); {len(torch)} that include LibTorch left out",
      file=sys.stderr)
