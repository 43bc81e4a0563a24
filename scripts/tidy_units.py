"""Which clang-tidy runs scripts/check-tidy.sh makes: one line per run, "COMPILE_DB_DIR FILE [CHECKS]".

TweetLab's own sources (not generated ones) from the release build's compile commands, minus the
units that include LibTorch (Ninja's header record, or a target's precompiled header). With every
unit wanted, a sanitizer-build unity batch whose members are all wanted is analysed as one run;
the rest one by one with the release build's commands.
Usage: tidy_units.py ROOT RELEASE_DIR UNITY_DIR NINJA_DEPS_FILE all|changed|files [FILE...]
"""
import json
import os
import re
import sys

root, release, unity, deps_file, mode = sys.argv[1:6]
wanted_files = {os.path.normpath(os.path.join(root, f)) for f in sys.argv[6:]}
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
    for batch, _, command in entries(unity):
        if "/Unity/unity_" not in batch or "cmake_pch" in command:
            continue
        members = [os.path.normpath(m) for m in re.findall(r'#include "([^"]+)"', open(batch).read())]
        if members and all(m in sources and m not in torch for m in members):
            # A unity batch #includes .cpp files by design: that check would flag CMake, not us.
            runs.append((unity, batch, checks_for(batch, ["-bugprone-suspicious-include"])))
            covered.update(members)
runs += [(release, s, checks_for(s)) for s in sorted(set(chosen) - covered)]
for run in runs:
    print(" ".join(run).rstrip())
print(f"check-tidy: {len(set(chosen))} translation units in {len(runs)} runs "
      f"({len(covered)} of them in unity batches); {len(torch)} that include LibTorch left out",
      file=sys.stderr)
