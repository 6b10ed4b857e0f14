"""Writes src/observe/public_suffix_list.dat from a Public Suffix List rules
file (the `psl` crate's data/rules.txt, or publicsuffix.org's list):
comments dropped, internationalised labels in punycode as browsers write
hosts, under the ICANN marker the `publicsuffix` crate's parser expects.

Usage: python3 tools/public_suffix_list.py PATH/TO/rules.txt VERSION-NOTE
"""
import os, sys

src, note = sys.argv[1], sys.argv[2]
out = []
for line in open(src, encoding="utf-8"):
    rule = line.strip()
    if not rule or rule.startswith("//"):
        continue
    prefix = ""
    if rule.startswith("!"):
        prefix, rule = "!", rule[1:]
    labels = [
        l.lower() if l == "*" or l.isascii() else "xn--" + l.encode("punycode").decode()
        for l in rule.split(".")
    ]
    out.append(prefix + ".".join(labels))
header = f"""// The Public Suffix List (https://publicsuffix.org/), Mozilla Public
// License 2.0 (https://mozilla.org/MPL/2.0/): its rules as {note}
// ships them, internationalised labels written in
// punycode as browsers write hosts. Read by src/observe/url.rs through the
// `publicsuffix` crate. To update: tools/public_suffix_list.py.
// ===BEGIN ICANN DOMAINS===
"""
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(root, "src/observe/public_suffix_list.dat"), "w") as f:
    f.write(header + "\n".join(out) + "\n")
print(len(out), "rules")
