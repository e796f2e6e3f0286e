"""Prints '<uid> <name>' for every process of the container (odoo:smoke)."""
import os

for pid in sorted(p for p in os.listdir("/proc") if p.isdigit()):
    try:
        with open("/proc/%s/status" % pid) as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
    except OSError:
        continue
    if int(pid) == os.getpid():
        continue
    print(fields["Uid"].split()[1], fields["Name"].strip(), pid)
