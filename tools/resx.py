#!/usr/bin/env python3
"""Adds or replaces entries in a pair of .resx files (neutral = Vietnamese, .en = English).
usage: resx.py BASE.resx < entries.tsv   (key<TAB>vi<TAB>en per line)"""
import sys, os, html
from xml.sax.saxutils import escape
HEADER = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''
import re, unicodedata
def load(path):
    d = {}
    if os.path.exists(path):
        s = open(path, encoding='utf-8').read()
        for m in re.finditer(r'<data name="([^"]+)" xml:space="preserve">\s*<value>(.*?)</value>', s, re.S):
            d[html.unescape(m.group(1))] = html.unescape(m.group(2))
    return d
def save(path, d):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(HEADER)
        for k in sorted(d):
            f.write(f'  <data name="{escape(k, {chr(34): "&quot;"})}" xml:space="preserve">\n    <value>{escape(unicodedata.normalize("NFC", d[k]))}</value>\n  </data>\n')
        f.write('</root>\n')
base = sys.argv[1]
en = base[:-5] + '.en.resx'
vi_d, en_d = load(base), load(en)
for line in sys.stdin:
    line = line.rstrip('\n')
    if not line.strip() or line.startswith('#'): continue
    k, v, e = line.split('\t')
    vi_d[k] = v; en_d[k] = e
save(base, vi_d); save(en, en_d)
