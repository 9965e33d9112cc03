"""Post-processes a notebook executed by `jupyter nbconvert --execute` (build/notebooks.sh).

Fails (exit 1) on any error or stderr output. Removes what differs from machine to machine: the kernel's first-cell
bootstrap (a script that probes the kernel's HTTP addresses), the "Loading extensions from <absolute path>" notice and
nbclient's execution timestamps. Records each code cell's source hash (metadata.offlinerl.source_sha256) so a test can
tell outputs that no longer match their cell. With a second argument other than "-", writes the result there.
Usage: notebook-outputs.py EXECUTED.ipynb (TARGET.ipynb | -)
"""
import hashlib
import json
import sys

executed, target = sys.argv[1], sys.argv[2]
with open(executed, encoding="utf-8") as f:
    nb = json.load(f)


def text(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def machine_specific(output):
    data = output.get("data", {})
    return "dotnet-interactive-this-cell" in text(data.get("text/html")) or text(data.get("text/plain")).startswith("Loading extensions from ")


errors = []
count = 0
for cell in nb["cells"]:
    if cell["cell_type"] != "code":
        continue
    count += 1
    source = text(cell["source"]).replace("\r\n", "\n")
    for output in cell["outputs"]:
        if output["output_type"] == "error" or (output["output_type"] == "stream" and output.get("name") == "stderr"):
            errors.append(f"code cell {count}: {output.get('ename', 'stderr')}: {text(output.get('evalue') or output.get('text'))[:2000]}")
    cell["outputs"] = [o for o in cell["outputs"] if not machine_specific(o)]
    for output in cell["outputs"]:
        # The kernel writes Windows line ends in its HTML; keep the files' text the same everywhere.
        for mime, value in output.get("data", {}).items():
            if isinstance(value, list):
                output["data"][mime] = [line.replace("\r\n", "\n") for line in value]
    cell["metadata"].pop("execution", None)
    cell["metadata"]["offlinerl"] = {"source_sha256": hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]}

if errors:
    print(f"{executed}: error output\n  " + "\n  ".join(errors), file=sys.stderr)
    sys.exit(1)

if target != "-":
    with open(target, "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False, sort_keys=True)   # as nbformat writes: stable key order
        f.write("\n")
