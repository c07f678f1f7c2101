# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the dated, secret-free report of one integration run from ansible-test's console output.

Usage: tools/integration_report.py --log RUN_LOG --status N --mode live|emulator --run-id ID --out DIR
                                   [--config integration_config.yml] [--seconds N]

tests/integration/run.sh calls it after every run: a live run (`make integration-live`) writes into docs/live-runs/,
an emulator run (`make integration`) into build/integration-runs/, so the writer is exercised on every CI run.
The report says what ran, what passed, and the task failures: against a real account those are Telnyx's answers
that differed from what the targets expect, which is what the emulator answers. Each failure is matched against the
emulator's quirk switches (tests/emulator/emu/__init__.py) to say which to turn on.

Secrets never reach the report: the API key of the config file and of $TELNYX_API_KEY, bearer tokens, and the value
of every password, PIN, key or token field are replaced by <redacted> before anything is written
(tests/unit/tools/test_integration_report.py feeds it a run full of secrets).
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys

REDACTED = "<redacted>"
SECRET_FIELD_RE = re.compile(
    r"""(?P<key>["']?\b[\w.-]*(?:password|passwd|api_key|apikey|token|secret|external_pin|authorization)\b["']?\s*[:=]\s*)"""
    r"""(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,}\]]+)""", re.IGNORECASE)
BEARER_RE = re.compile(r"(Bearer\s+)[^\s\"',}]+", re.IGNORECASE)
CONFIG_KEY_RE = re.compile(r"^\s*telnyx_api_key\s*:\s*[\"']?([^\"'#\s]+)", re.MULTILINE)
TARGET_RE = re.compile(r"Running (\S+) integration test role")
RECAP_RE = re.compile(r"^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)")
TASK_RE = re.compile(r"^TASK \[(.*)\]")
FAILURE_RE = re.compile(r"^fatal: \[[^\]]+\]: FAILED! => (.*)$")
TARGET_FAILED_RE = re.compile(r"Command \".*\" returned exit status|ERROR: Command .* failed with return code")
QUIRK_HINTS = (
    ("mask_password", re.compile(r"\*{8}")),
    ("sip_uri_disabled_as_null", re.compile(r"sip_uri_calling_preference.*(null|None)")),
    ("timeouts_as_strings", re.compile(r"timeout_[12]xx_secs.*[\"']\d+[\"']")),
    ("calling_window_long_times", re.compile(r"\d\d:\d\d:\d\d(\.\d+)?Z")),
    ("drop_unknown_push_ids", re.compile(r"(push_credential_id|outbound_voice_profile_id).*(null|None)")),
    ("withhold_external_pin", re.compile(r"external_pin.*(null|None)")),
    ("connection_id_empty_refused", re.compile(r"connection_id.*(10015|422)")),
)
"""Emulator quirk switches, each with the shape a failure message shows when Telnyx behaves that way."""


def api_keys(config_path, environ):
    """The API keys that must never appear: the config file's and $TELNYX_API_KEY."""
    keys = set()
    if config_path and os.path.isfile(config_path):
        with open(config_path, encoding="utf-8") as handle:
            keys.update(CONFIG_KEY_RE.findall(handle.read()))
    if environ.get("TELNYX_API_KEY"):
        keys.add(environ["TELNYX_API_KEY"])
    return {key for key in keys if len(key) >= 4}


def redact(text, secrets=()):
    """Replace known secrets, bearer tokens and secret-named fields' values with <redacted>."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    text = BEARER_RE.sub(lambda match: match.group(1) + REDACTED, text)
    return SECRET_FIELD_RE.sub(_redact_field, text)


def _redact_field(match):
    """A secret-named field's value becomes <redacted>, unless it is no secret: null, empty or a mask like ********,
    which the report keeps because they are what the emulator's password quirks are set from."""
    value = match.group("value").strip("\"'")
    if value in ("", "null", "None") or set(value) == {"*"}:
        return match.group(0)
    return match.group("key") + REDACTED


def parse_run(log_text):
    """[{"name", "recap": {...} or None, "failures": [(task, message)], "passed": bool}] in the order they ran."""
    targets = []
    current = None
    task = None
    for line in log_text.splitlines():
        started = TARGET_RE.search(line)
        if started:
            current = {"name": started.group(1), "recap": None, "failures": [], "passed": True}
            targets.append(current)
            task = None
            continue
        if current is None:
            continue
        if TASK_RE.match(line):
            task = TASK_RE.match(line).group(1)
        elif FAILURE_RE.match(line):
            current["failures"].append((task or "?", FAILURE_RE.match(line).group(1)))
        elif line.strip() == "...ignoring" and current["failures"]:
            # ignore_errors: the target expected this failure (bad input refused, ...), so it is no difference.
            current["failures"].pop()
        elif RECAP_RE.match(line):
            names = ("ok", "changed", "unreachable", "failed", "skipped")
            current["recap"] = dict(zip(names, map(int, RECAP_RE.match(line).groups()[1:])))
            if current["recap"]["failed"] or current["recap"]["unreachable"]:
                current["passed"] = False
        elif TARGET_FAILED_RE.search(line):
            current["passed"] = False
    for target in targets:
        if target["passed"]:
            # A passing target's remaining failures were rescued on purpose (block/rescue): none differed.
            target["failures"] = []
    return targets


def quirk_hints(targets):
    """{quirk: [target names]} for the failures whose message has that quirk's shape."""
    hints = {}
    for target in targets:
        for _task, message in target["failures"]:
            for quirk, pattern in QUIRK_HINTS:
                if pattern.search(message) and target["name"] not in hints.setdefault(quirk, []):
                    hints[quirk].append(target["name"])
    return hints


def render(targets, status, mode, run_id, when, seconds=None):
    """The report as Markdown (not yet redacted)."""
    passed = [target for target in targets if target["passed"]]
    lines = [
        "# Integration run %s (%s)" % (run_id, "real Telnyx account" if mode == "live" else "bundled emulator"),
        "",
        "- date: %s" % when.strftime("%Y-%m-%d %H:%M UTC"),
        "- ansible-test status: %s (%s)" % (status, "passed" if status == 0 else "failed"),
        "- targets: %d ran, %d passed, %d failed" % (len(targets), len(passed), len(targets) - len(passed)),
    ]
    if seconds is not None:
        lines.append("- duration: %s s" % seconds)
    lines += ["", "| target | result | ok | changed | failed | skipped |", "|---|---|---|---|---|---|"]
    for target in targets:
        recap = target["recap"] or {}
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            target["name"], "passed" if target["passed"] else "FAILED",
            *(recap.get(key, "-") for key in ("ok", "changed", "failed", "skipped"))))
    differed = [(target["name"], task, message) for target in targets for task, message in target["failures"]]
    lines += ["", "## Answers that differed from the emulator", ""]
    if not differed:
        lines.append("None: every target's expectations (which the emulator meets) held.")
    for name, task, message in differed:
        lines += ["- `%s`, task `%s`:" % (name, task), "", "  ```", "  " + message[:4000], "  ```"]
    hints = quirk_hints(targets)
    lines += ["", "## Emulator quirks these answers suggest", ""]
    if not hints:
        lines.append("None.")
    for quirk, names in sorted(hints.items()):
        lines.append("- `%s` (seen in %s): turn it on by default, see docs/live-runs/README.md" % (quirk, ", ".join(names)))
    return "\n".join(lines) + "\n"


def write_report(log_text, status, mode, run_id, out_dir, secrets=(), when=None, seconds=None):
    """Write <out_dir>/<date>-<mode>-<run id>.md and return its path; the whole text is redacted first."""
    when = when or datetime.datetime.now(datetime.timezone.utc)
    text = redact(render(parse_run(redact(log_text, secrets)), status, mode, run_id, when, seconds), secrets)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "%s-%s-%s.md" % (when.strftime("%Y-%m-%d"), mode, re.sub(r"[^A-Za-z0-9_-]", "", run_id)))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--log", required=True)
    parser.add_argument("--status", type=int, required=True)
    parser.add_argument("--mode", choices=("live", "emulator"), required=True)
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--config")
    parser.add_argument("--seconds", type=int)
    args = parser.parse_args(argv)
    with open(args.log, encoding="utf-8", errors="replace") as handle:
        log_text = handle.read()
    path = write_report(log_text, args.status, args.mode, args.run_id, args.out, api_keys(args.config, os.environ),
                        seconds=args.seconds)
    print("integration_report: wrote %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
