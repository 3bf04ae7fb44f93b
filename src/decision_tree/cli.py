"""The command line: ``python -m decision_tree`` asks the questions in the terminal;
``python -m decision_tree recommend ... [--json]`` answers straight from the public IDs.

Bad input exits with status 2 and one line on stderr that names the bad value
and lists the valid ones; nothing is printed on stdout then.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO

from . import api
from .engine import InvalidInput
from .loader import load_tree
from .model import CHANNEL_LABELS, RISK_NOT_STATED, Tree
from .views import AnswerView, ResultView

PROG = "python -m decision_tree"


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Recognise and manage ruptures in the therapeutic alliance.")
    commands = parser.add_subparsers(dest="command")
    recommend = commands.add_parser("recommend", help="recommend from the public IDs, without questions")
    recommend.add_argument(
        "--risk", help="yes, no or unsure (unsure is yes; when omitted, risk is not stated and treated as not sure)"
    )
    recommend.add_argument("--phase", required=True, help="start, early or ongoing")
    recommend.add_argument("--sign", action="append", default=[], help="a sign ID; repeat for several")
    recommend.add_argument(
        "--followup",
        action="append",
        default=[],
        metavar="QUESTION=ANSWER",
        help="a follow-up answer, e.g. after-difficult=yes; repeat for several",
    )
    recommend.add_argument("--json", action="store_true", help="print one JSON object")
    commands.add_parser("ask", help="answer the questions in the terminal (the default)")
    return parser


def main(argv: Sequence[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    tree = load_tree()
    try:
        args = _parser().parse_args(argv)
        if args.command == "recommend":
            data = _recommend(tree, args)
            if args.json:
                print(json.dumps(data, ensure_ascii=False), file=stdout)
            else:
                print(format_result(data), file=stdout)
            return 0
    except (UsageError, InvalidInput) as error:
        message = str(error)
        if "--phase" in message and "required" in message:
            message = f"missing --phase (valid: {', '.join(tree.phases)})"
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2
    return interactive(tree, stdin.readline, stdout)


def _recommend(tree: Tree, args: argparse.Namespace) -> ResultView:
    followups: dict[str, str] = {}
    for item in args.followup:
        key, equals, value = item.partition("=")
        if not equals:
            raise UsageError(f"--followup expects QUESTION=ANSWER, got {item!r}")
        followups[key] = value
    return api.recommend_data(tree, args.risk, args.phase, args.sign, followups)


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=78, initial_indent=indent, subsequent_indent=" " * len(indent))


def _phrasing_line(text: str, channel: str) -> str:
    label = CHANNEL_LABELS.get(channel)
    return _wrap(f"({label}) “{text}”" if label else f"“{text}”", "     - ")


def format_result(result: ResultView) -> str:
    lines = []
    if result["risk"] == RISK_NOT_STATED:
        lines += [_wrap("Note: risk was not stated, so the guide treats it as not sure. Ask about it first."), ""]
    steps = [item for item in result["interventions"] if not item["standing"]]
    keep = [item for item in result["interventions"] if item["standing"]]
    if result["safety"]:
        lines += ["!! PUT SAFETY FIRST: follow your service's safety or crisis protocol before anything else.", ""]
        lines += [_wrap(f"Once safety is addressed: {result['level_title']}. {result['level_summary']}")]
    else:
        lines += [result["level_title"].upper(), _wrap(result["level_summary"])]
    if result["notes"]:
        lines += ["", *(_wrap(note, "Note: ") for note in result["notes"])]
    message = result["safety_message"]
    if message is not None:
        blanks = ", ".join(message["placeholders"])
        lines += [
            "",
            _wrap(f"A message to send now (fill in before sending: {blanks}):"),
            _wrap(f"“{message['text']}”", "   "),
            _wrap(message["beside"], "   "),
        ]
    if steps:
        lines += ["", "What to do, in this order:"]
    else:
        lines += ["", "No step of its own: keep doing the practices below."]
    for number, item in enumerate(steps, start=1):
        lines += ["", _wrap(f"{number}. {item['title']}: {item['action']}"), _wrap(item["how"], "   ")]
        lines += [_wrap(note, "   Note: ") for note in item["notes"]]
        if item["phrasings"]:
            lines.append("   You might say:")
            lines += [_phrasing_line(p["text"], p["channel"]) for p in item["phrasings"]]
        lines += [_wrap(f"“{a['text']}”: {a['why']}", "   Don't say: ") for a in item["avoid"]]
        lines += [_wrap(p, "   Pitfall: ") for p in item["pitfalls"]]
        lines.append(f"   Read more: {item['url']}")
    lines += ["", f"{result['keep_doing_heading']}:"]
    lines += [_wrap(f"{item['title']}: {item['action']} ({item['url']})", "  - ") for item in keep]
    lines += ["", "Why:"] + [_wrap(line, "  - ") for line in result["rationale"]]
    lines += ["", _wrap("This supports, and never replaces, your clinical judgment and supervision.")]
    return "\n".join(lines)


def interactive(tree: Tree, readline: Callable[[], str], out: TextIO) -> int:
    """Ask the questions one at a time: numbers to answer, ``b`` for back, ``q`` to quit."""
    view = api.view(tree, "")
    print("The rupture guide. Answer with the numbers; b = back, q = quit.", file=out)
    while view["question"] is not None:
        question = view["question"]
        print(f"\nQuestion {question['step']} of at most {question['at_most']}: {question['prompt']}", file=out)
        if question["help"]:
            print(_wrap(question["help"], "  "), file=out)
        choices = list(question["answers"])
        for number, answer in enumerate(choices, start=1):
            print(f"  {number}. {answer['label']}", file=out)
        for group in question["groups"]:
            print(f"  {group['prompt']} At most one of:", file=out)
            for answer in group["answers"]:
                choices.append(answer)
                print(f"  {len(choices)}. {answer['label']}", file=out)
        multi = question["kind"] == "multi"
        if multi:
            print("  0. None of these", file=out)
        prompt = "Your choices (e.g. 1 3), or 0: " if multi else "Your answer: "
        while True:
            print(prompt, end="", file=out, flush=True)
            line = readline()
            if not line:  # end of input
                print("", file=out)
                return 1
            reply = line.strip().lower()
            if reply == "q":
                return 0
            if reply == "b":
                if view["back"] is not None:
                    view = api.view(tree, view["back"])
                else:
                    print("  This is the first question.", file=out)
                break
            values = _choices(reply, choices, multi)
            if values is None:
                count = len(choices)
                hint = f"numbers from 0 to {count}" if multi else f"one number from 1 to {count}"
                print(f"  Please type {hint}, b for back or q to quit.", file=out)
                continue
            try:
                view = api.answer(tree, view["fragment"], question["id"], values)
            except InvalidInput as error:
                print(f"  {error}", file=out)
                continue
            break
    print("", file=out)
    assert view["result"] is not None  # the loop ends only at a result
    print(format_result(view["result"]), file=out)
    print(f"\nShareable link fragment: #{view['fragment']}", file=out)
    return 0


def _choices(reply: str, answers: list[AnswerView], multi: bool) -> list[str] | None:
    tokens = reply.replace(",", " ").split()
    if not tokens or not all(t.isdigit() for t in tokens):
        return None
    numbers = [int(t) for t in tokens]
    if multi and numbers == [0]:
        return []
    if any(n < 1 or n > len(answers) for n in numbers) or (not multi and len(numbers) != 1):
        return None
    return [answers[n - 1]["value"] for n in dict.fromkeys(numbers)]
