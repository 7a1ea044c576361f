"""`python -m config.aws.cdk [--out DIR]`: synthesize every stage (make synth); exits 1 on any unsuppressed
cdk-nag finding. The CDK CLI runs the same entry point through cdk.json."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from config.aws.cdk.sources import ROOT
from config.aws.cdk.synth import OUTDIR, findings, synth, templates


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help=f"cloud assembly directory (default {OUTDIR})")
    args = parser.parse_args(argv)
    assembly = synth(outdir=args.out)
    for name, path in templates(assembly).items():
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{name}: {shown}", file=sys.stderr)
    problems = findings(assembly)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
