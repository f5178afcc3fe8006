#!/usr/bin/python3
"""Checks jixiao convert on a set of workbooks, independently of the C code.

For every form of every source workbook and every target template of the
same kind (its mapping says which model slots and table roles it has), the
converted workbook, read back with `jixiao dump --json`, must give the same
model values on every field the target carries; a second conversion back to
the source template must give the source's values on every field both carry.

usage: check_convert.py JIXIAO MAPPINGS_DIR TEMPLATES_DIR WORKDIR SOURCE.xlsx...
"""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

JIXIAO, MAPPINGS, TEMPLATES, WORK = sys.argv[1:5]
SOURCES = sys.argv[5:]
failures = []


def run(*args, ok=(0, 1)):
    p = subprocess.run([JIXIAO, "--mappings", MAPPINGS, *args], capture_output=True, text=True)
    if p.returncode not in ok:
        raise RuntimeError(f"{' '.join(args)}: exit {p.returncode}: {p.stderr.strip()}")
    return p.stdout


def dump(path):
    return json.loads(run("dump", "--json", path))


def carried(tid):
    """The model slots and indicator roles a template has a place for."""
    root = ET.parse(os.path.join(MAPPINGS, tid + ".xml")).getroot()
    # a slot whose label an earlier slot already reads shares its cell
    # (金寨's 实施单位 is department and unit): the first carries it
    slots, labels = set(), set()
    for f in root.iter("field"):
        name, label = f.get("name"), f.get("label")
        if name and (label, f.get("nth"), f.get("take")) not in labels:
            slots.add(name)
        labels.add((label, f.get("nth"), f.get("take")))
    # a year read from a title is carried only where the blank template
    # has a placeholder for it
    year = [f for f in root.iter("field") if f.get("name") == "year"]
    if year and year[0].get("take") == "self":
        import zipfile
        with zipfile.ZipFile(os.path.join(TEMPLATES, tid + ".xlsx")) as z:
            texts = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
        if "____" not in texts:
            slots.discard("year")
    roles = set()
    for ind in root.iter("indicators"):
        for c in ind.iter("column"):
            r = c.get("role")
            roles.add(c.get("key") if r == "target" else r)
    if {"period.start", "period.end"} <= slots or "period" in slots:
        slots.add("period")
    return root.get("kind"), slots, roles


KINDS = {}
for name in sorted(os.listdir(MAPPINGS)):
    if name.endswith(".xml"):
        KINDS[name[:-4]] = carried(name[:-4])


def form_values(f, slots, roles):
    """The values of a form a template with these slots and roles carries."""
    v = {}
    simple = {"department": f["department"], "project": f["project"],
              "goals.period": f["goals"]["period"], "goals.annual": f["goals"]["annual"],
              "funds.total": f["funds"]["total"], "funds.annual": f["funds"]["annual"],
              "funds.fiscal": f["funds"]["fiscal"], "funds.other": f["funds"]["other"],
              "unit": f["unit"], "year": f["year"], "period": f["period"]}
    group = "form.project" in roles
    for k, val in simple.items():
        if k in slots or (group and k == "project" and "form.project" in roles) \
                or (group and k == "funds.total" and "form.total" in roles) \
                or (group and k == "goals.period" and "form.goal" in roles):
            v[k] = val
    inds = []
    for i in f["indicators"]:
        row = {}
        for lv in ("level1", "level2", "level3"):
            if lv in roles:
                row[lv] = i[lv]
        for key, t in i["targets"].items():
            if key in roles or (key.isdigit() and "years" in roles):
                row["t." + key] = t["text"]
        for attr, role in (("type", "type"), ("basis", "basis"), ("class", "class"), ("measure", "measure")):
            if role in roles and i.get(attr) is not None:
                row[attr] = i[attr]
        inds.append(row)
    v["indicators"] = inds
    return v


def compare(label, want, got):
    for k in want:
        if k == "indicators":
            w, g = want[k], got[k]
            if len(w) != len(g):
                failures.append(f"{label}: {len(w)} indicators, read back {len(g)}")
                continue
            for n, (a, b) in enumerate(zip(w, g)):
                for kk in a:
                    if a[kk] != b.get(kk):
                        failures.append(f"{label}: indicator {n + 1} {kk}: {a[kk]!r} != {b.get(kk)!r}")
        elif want[k] != got.get(k):
            failures.append(f"{label}: {k}: {want[k]!r} != {got.get(k)!r}")


checked = 0
for src in SOURCES:
    model = dump(src)
    for tid, (kind, slots, roles) in KINDS.items():
        forms = [f for f in model["forms"] if f["kind"] == kind]
        if not forms or kind == "budget":
            continue
        out = os.path.join(WORK, f"{os.path.basename(src)[:-5]}--{tid}.xlsx")
        report = json.loads(run("--templates", TEMPLATES, "convert", src, "--to", tid, "-o", out, "--json"))
        back = dump(out)["forms"]
        label = f"{os.path.basename(src)} -> {tid}"
        if len(back) != len(forms):
            failures.append(f"{label}: {len(forms)} forms, read back {len(back)}")
            continue
        for f, g in zip(forms, back):
            if g["template"] != tid:
                failures.append(f"{label}: read back as {g['template']}")
            want = form_values(f, slots, roles)
            if "form.project" in roles and f["department"] != forms[0]["department"]:
                # one table, one department cell: a form that names another
                # department must be reported, not silently changed
                if not any(i["kind"] == "no_place" and i["sheet"] == f["sheet"] and i["text"] == f["department"]
                           for i in report["items"]):
                    failures.append(f"{label} [{f['sheet']}]: department {f['department']!r} neither carried nor reported")
                want.pop("department", None)
            compare(f"{label} [{f['sheet']}]", want, form_values(g, slots, roles))
            checked += 1
        # back to each form's own template: what both carry comes back
        src_tid = forms[0]["template"]
        if any(f["template"] != src_tid for f in forms):
            continue
        _, s_slots, s_roles = KINDS[src_tid]
        out2 = out[:-5] + f"--back-{src_tid}.xlsx"
        run("--templates", TEMPLATES, "convert", out, "--to", src_tid, "-o", out2)
        back2 = dump(out2)["forms"]
        if len(back2) != len(forms):
            failures.append(f"{label} -> {src_tid}: {len(forms)} forms, read back {len(back2)}")
            continue
        for f, g in zip(forms, back2):
            both_slots, both_roles = slots & s_slots, roles & s_roles
            if "form.project" in roles:
                both_slots |= {"project", "funds.total"} & s_slots
            compare(f"{label} -> {src_tid} [{f['sheet']}]", form_values(f, both_slots, both_roles),
                    form_values(g, both_slots, both_roles))

for f in failures:
    print("FAIL", f)
print(f"{checked} conversions checked, {len(failures)} differences")
sys.exit(1 if failures else 0)
