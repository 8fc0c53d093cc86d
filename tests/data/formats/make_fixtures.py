#!/usr/bin/env python3
"""Write the small format fixtures of tests/formats.rs (standard library only; the
outputs are committed). Each follows the real layout of its release, taken from the
format's documentation and pymrio 0.7's reader/writer:

- exiobase3/IOT_2022_ixi/: an EXIOBASE 3 release folder as written by pymrio's save_all
  (file_parameters.json, Z/Y/x/unit .txt, extension folder `satellite` with F, F_Y,
  unit; stressors in several units), regions AT, DE, WA (Rest of World Asia), 2 sectors;
- exiobase3/IOT_2022_pxp.zip: the same numbers as a zip with one top folder, holding A
  and x but no Z (Z = A diag(x)) and the pre-3.7 name F_hh for the final-demand part;
- oecd/ICIO2021_2018.csv: the 2021 layout (TAXSUB, VALU, OUTPUT rows; TOTAL column;
  industries D01T02, D05T06; CHN and MEX split into CN1/CN2 and MX1/MX2);
- oecd/2019_SML.csv: the 2023 layout (first cell V1; TLS, VA, OUT rows; OUT column;
  industries A01_02, B05_06);
- pymrio_csv/: a pymrio save_all(table_format="csv") folder (pymrio writes tabs into
  its .csv files too), 2 regions x 2 sectors, a sector label with a comma, extension
  `emissions` (stressor, compartment), no x (derived as Z 1 + Y 1).
"""

import json
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def flows(keys, fd_keys, seed):
    """Integer Z (n x n) and Y (n x k) with column sums of A well below 1."""
    n, k = len(keys), len(fd_keys)
    z = [[((i * 7 + j * 3 + seed) % 9 + 1) * (4 if keys[i][0] == keys[j][0] else 1) for j in range(n)] for i in range(n)]
    y = [[((i * 5 + c * 11 + seed) % 13 + 20) * (3 if keys[i][0] == fd_keys[c][0] else 1) for c in range(k)] for i in range(n)]
    x = [sum(z[i]) + sum(y[i]) for i in range(n)]
    return z, y, x


def pandas_matrix(row_names, rows, col_names, cols, data, sep):
    """pandas to_csv of a frame with MultiIndex rows and columns."""
    def q(s):
        s = str(s)
        return f'"{s}"' if sep == "," and ("," in s or '"' in s) else s
    r = len(row_names)
    out = []
    for lvl, name in enumerate(col_names):
        out.append(sep.join([q(name)] + [""] * (r - 1) + [q(c[lvl]) for c in cols]))
    out.append(sep.join([q(n) for n in row_names] + [""] * len(cols)))
    for labels, vals in zip(rows, data):
        out.append(sep.join([q(l) for l in labels] + [repr(v) if isinstance(v, float) else str(v) for v in vals]))
    return "\n".join(out) + "\n"


def unit_file(row_names, rows, units, sep="\t"):
    out = [sep.join(row_names + ["unit"])]
    out += [sep.join(list(r) + [u]) for r, u in zip(rows, units)]
    return "\n".join(out) + "\n"


def params(files, kind, name=None):
    d = {"files": {k: {"name": f, "nr_index_col": str(ri), "nr_header": str(h)} for k, f, ri, h in files}, "systemtype": kind}
    if name:
        d["name"] = name
    return json.dumps(d, indent=4)


def exiobase():
    regions, sectors = ["AT", "DE", "WA"], ["Cultivation of paddy rice", "Manufacture of motor vehicles, trailers and semi-trailers"]
    cats = ["Final consumption expenditure by households", "Gross fixed capital formation"]
    keys = [(r, s) for r in regions for s in sectors]
    fdk = [(r, c) for r in regions for c in cats]
    z, y, x = flows(keys, fdk, 3)
    stressors = ["Employment: Low-skilled male", "CO2 - combustion - air", "Energy Carrier Net Total"]
    units = ["1000 p", "kg", "TJ"]
    f = [[(i + 1) * (j + 2) * 10 for j in range(len(keys))] for i in range(3)]
    fy = [[(i + 2) * 5 if c % 2 == 0 else 0 for c in range(len(fdk))] for i in range(3)]
    files = {}
    files["Z.txt"] = pandas_matrix(["region", "sector"], keys, ["region", "sector"], keys, z, "\t")
    files["Y.txt"] = pandas_matrix(["region", "sector"], keys, ["region", "category"], fdk, y, "\t")
    files["x.txt"] = "region\tsector\tindout\n" + "".join(f"{r}\t{s}\t{v}\n" for (r, s), v in zip(keys, x))
    files["unit.txt"] = unit_file(["region", "sector"], keys, ["M.EUR"] * len(keys))
    files["file_parameters.json"] = params([("Z", "Z.txt", 2, 2), ("Y", "Y.txt", 2, 2), ("x", "x.txt", 2, 1), ("unit", "unit.txt", 2, 1)], "IOSystem")
    files["metadata.json"] = json.dumps({"name": "EXIO3", "description": "fixture in the layout of EXIOBASE 3.8 (ixi)", "system": "ixi", "version": "3.8.2", "history": []}, indent=4)
    files["satellite/F.txt"] = pandas_matrix(["stressor"], [(s,) for s in stressors], ["region", "sector"], keys, f, "\t").replace("region\t", "region\t", 1)
    files["satellite/F_Y.txt"] = pandas_matrix(["stressor"], [(s,) for s in stressors], ["region", "category"], fdk, fy, "\t")
    files["satellite/unit.txt"] = unit_file(["stressor"], [(s,) for s in stressors], units)
    files["satellite/file_parameters.json"] = params([("F", "F.txt", 1, 2), ("F_Y", "F_Y.txt", 1, 2), ("unit", "unit.txt", 1, 1)], "Extension", "satellite")
    top = os.path.join(HERE, "exiobase3", "IOT_2022_ixi")
    for rel, text in files.items():
        p = os.path.join(top, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as fh:
            fh.write(text)
    # pxp zip: A and x, no Z; F_hh (pre-3.7 name of F_Y).
    a = [[z[i][j] / x[j] for j in range(len(keys))] for i in range(len(keys))]
    zfiles = dict(files)
    del zfiles["Z.txt"]
    zfiles["A.txt"] = pandas_matrix(["region", "sector"], keys, ["region", "sector"], keys, a, "\t")
    zfiles["file_parameters.json"] = params([("A", "A.txt", 2, 2), ("Y", "Y.txt", 2, 2), ("x", "x.txt", 2, 1), ("unit", "unit.txt", 2, 1)], "IOSystem")
    zfiles["satellite/F_hh.txt"] = zfiles.pop("satellite/F_Y.txt")
    zfiles["satellite/file_parameters.json"] = params([("F", "F.txt", 1, 2), ("F_hh", "F_hh.txt", 1, 2), ("unit", "unit.txt", 1, 1)], "Extension", "satellite")
    with zipfile.ZipFile(os.path.join(HERE, "exiobase3", "IOT_2022_pxp.zip"), "w", zipfile.ZIP_DEFLATED) as zf:
        for rel, text in sorted(zfiles.items()):
            info = zipfile.ZipInfo("IOT_2022_pxp/" + rel, date_time=(2022, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text)


def oecd(name, first, inds, fd_codes, va_rows, total_row, total_col, split):
    regions = ["AUS", "CHN", "MEX", "ROW"]
    extra = ["CN1", "CN2", "MX1", "MX2"] if split else []
    keys = [(r, s) for r in regions + extra for s in inds]
    fdk = [(r, c) for r in regions for c in fd_codes]
    z, y, x = flows(keys, fdk, 5)
    if split:
        # As in the releases with the split: CHN and MEX rows/columns hold zeros.
        for i, (r, _) in enumerate(keys):
            for j, (c, _) in enumerate(keys):
                if r in ("CHN", "MEX") or c in ("CHN", "MEX"):
                    z[i][j] = 0
            if r in ("CHN", "MEX"):
                y[i] = [0] * len(fdk)
        x = [sum(z[i]) + sum(y[i]) for i in range(len(keys))]
    colsum = [sum(z[i][j] for i in range(len(keys))) for j in range(len(keys))]
    tax = [round(0.05 * x[j]) for j in range(len(keys))]
    va = [x[j] - colsum[j] - tax[j] for j in range(len(keys))]
    header = [first] + [f"{r}_{s}" for r, s in keys] + [f"{r}_{c}" for r, c in fdk] + [total_col]
    lines = [",".join(header)]
    for i, (r, s) in enumerate(keys):
        lines.append(",".join([f"{r}_{s}"] + [str(v) for v in z[i]] + [str(v) for v in y[i]] + [str(x[i])]))
    fd_tax = [3 * (c + 1) for c in range(len(fdk))]
    lines.append(",".join([va_rows[0]] + [str(v) for v in tax] + [str(v) for v in fd_tax] + [str(sum(tax) + sum(fd_tax))]))
    lines.append(",".join([va_rows[1]] + [str(v) for v in va] + ["0"] * len(fdk) + [str(sum(va))]))
    coltot = [sum(y[i][c] for i in range(len(keys))) + fd_tax[c] for c in range(len(fdk))]
    lines.append(",".join([total_row] + [str(v) for v in x] + [str(v) for v in coltot] + [str(sum(x) + sum(coltot))]))
    os.makedirs(os.path.join(HERE, "oecd"), exist_ok=True)
    with open(os.path.join(HERE, "oecd", name), "w") as fh:
        fh.write("\n".join(lines) + "\n")


def pymrio_csv():
    keys = [("north", "food"), ("north", "machinery, equipment"), ("south", "food"), ("south", "machinery, equipment")]
    fdk = [("north", "households"), ("south", "households")]
    z, y, x = flows(keys, fdk, 1)
    top = os.path.join(HERE, "pymrio_csv")
    os.makedirs(os.path.join(top, "emissions"), exist_ok=True)
    st = [("CO2", "air"), ("N", "water")]
    f = [[(i + 1) * 100 + j for j in range(4)] for i in range(2)]
    fy = [[50, 20], [0, 0]]
    files = {
        "Z.csv": pandas_matrix(["region", "sector"], keys, ["region", "sector"], keys, z, "\t"),
        "Y.csv": pandas_matrix(["region", "sector"], keys, ["region", "category"], fdk, y, "\t"),
        "unit.csv": unit_file(["region", "sector"], keys, ["M.EUR"] * 4),
        "file_parameters.json": params([("Z", "Z.csv", 2, 2), ("Y", "Y.csv", 2, 2), ("unit", "unit.csv", 2, 1)], "IOSystem"),
        "metadata.json": json.dumps({"name": "two-region fixture", "description": "", "system": "ixi", "version": "v1", "history": []}, indent=4),
        "emissions/F.csv": pandas_matrix(["stressor", "compartment"], st, ["region", "sector"], keys, f, "\t"),
        "emissions/F_Y.csv": pandas_matrix(["stressor", "compartment"], st, ["region", "category"], fdk, fy, "\t"),
        "emissions/unit.csv": unit_file(["stressor", "compartment"], st, ["kg", "kg"]),
        "emissions/file_parameters.json": params([("F", "F.csv", 2, 2), ("F_Y", "F_Y.csv", 2, 2), ("unit", "unit.csv", 2, 1)], "Extension", "Emissions"),
    }
    for rel, text in files.items():
        with open(os.path.join(top, rel), "w") as fh:
            fh.write(text)


exiobase()
fd21 = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]
oecd("ICIO2021_2018.csv", "", ["D01T02", "D05T06"], fd21, ["TAXSUB", "VALU"], "OUTPUT", "TOTAL", True)
oecd("2019_SML.csv", "V1", ["A01_02", "B05_06"], fd21, ["TLS", "VA"], "OUT", "OUT", False)
pymrio_csv()
