"""``notelint server`` end to end: a real LSP client (pytest-lsp) talks to it over stdio.

What an editor shows must be what the command line says: the same findings at the same
places (counted in UTF-16, as LSP does by default), and fixes that give the same text
as ``--fix``.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

pytestmark = pytest.mark.asyncio(loop_scope="module")

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parents[1] / "shared" / "example" / "paper-notes.md"
SERVER = [sys.executable, "-m", "notelint", "server"]
# What the server asked the client to watch for it.
REGISTERED: list[types.Registration] = []

# An entry whose note starts with an emoji outside the BMP (two UTF-16 units) and CJK
# text (one unit each), and ends in a misspaced `<br>`.
EMOJI_NOTES = """\
# Paper

### 2023

- Rocket Science for Language Models
  - ICLR [[code]](https://github.com/example-lab/rocket)
  - <details>
    <summary>Notes</summary>
    1. 🚀 火箭 scales to 😀 many tokens <br>
    2. The second note  <br>
    </details>
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), scope="module")
async def client(lsp_client: LanguageClient) -> Any:
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(ls: LanguageClient, params: types.RegistrationParams) -> None:
        REGISTERED.extend(params.registrations)

    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=HERE.as_uri()
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def cli(*args: str, stdin: str | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "notelint", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def utf16(line: str, column: int) -> int:
    """The UTF-16 character of the 1-based code point ``column`` of ``line``."""
    return len(line[: column - 1].encode("utf-16-le")) // 2


def offset(text: str, position: types.Position) -> int:
    """The code point offset of an LSP position counted in UTF-16 (lines end in \\n here)."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    encoded = lines[position.line].encode("utf-16-le")[: position.character * 2]
    return start + len(encoded.decode("utf-16-le"))


def apply(text: str, edits: list[types.TextEdit]) -> str:
    spans = sorted(
        ((offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    return list(action.edit.changes[uri])


class Published:
    """Waits for the next diagnostics the server publishes for one document.

    Made before the message that makes the server publish: the client's handler keeps
    only the latest list per document, and each publication is a new list.
    """

    def __init__(self, client: LanguageClient, uri: str) -> None:
        self.client, self.uri = client, uri
        self.before = client.diagnostics.get(uri)

    async def wait(self) -> list[types.Diagnostic]:
        for _ in range(1000):
            now = self.client.diagnostics.get(self.uri)
            if now is not self.before and now is not None:
                return list(now)
            await asyncio.sleep(0.01)
        raise AssertionError(f"no diagnostics published for {self.uri}")


async def open_document(client: LanguageClient, uri: str, text: str) -> list[types.Diagnostic]:
    item = types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
    published = Published(client, uri)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    return await published.wait()


async def change_document(
    client: LanguageClient, uri: str, text: str, version: int
) -> list[types.Diagnostic]:
    document = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
    change = types.TextDocumentContentChangeWholeDocument(text=text)
    params = types.DidChangeTextDocumentParams(text_document=document, content_changes=[change])
    published = Published(client, uri)
    client.text_document_did_change(params)
    return await published.wait()


def close_document(client: LanguageClient, uri: str) -> None:
    document = types.TextDocumentIdentifier(uri=uri)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=document))


async def code_actions(
    client: LanguageClient, uri: str, rng: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=rng,
        context=types.CodeActionContext(diagnostics=[], only=only),
    )
    found = await client.text_document_code_action_async(params)
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


def as_tuple(d: types.Diagnostic) -> tuple[str, int, int, int, int]:
    r = d.range
    return (str(d.code), r.start.line, r.start.character, r.end.line, r.end.character)


async def test_the_example_gets_the_command_lines_findings_at_utf16_places(
    client: LanguageClient,
) -> None:
    if not EXAMPLE.is_file():
        pytest.skip("../shared/example/paper-notes.md is not here")
    text = EXAMPLE.read_text("utf-8")
    found = await open_document(client, EXAMPLE.as_uri(), text)
    close_document(client, EXAMPLE.as_uri())
    lines = text.split("\n")
    expected = [
        (
            v["code"],
            v["line"] - 1,
            utf16(lines[v["line"] - 1], v["column"]),
            v["end_line"] - 1,
            utf16(lines[v["end_line"] - 1], v["end_column"]),
        )
        for v in json.loads(cli("--output-format", "json", str(EXAMPLE)))
    ]
    assert sorted(as_tuple(d) for d in found) == sorted(expected)
    # A note line of CJK text: the misspaced `<br>` starts at code point 45 of line 22.
    assert ("NL305", 21, 44, 21, 49) in [as_tuple(d) for d in found]
    first = next(d for d in found if d.code == "NL208")
    assert first.severity == types.DiagnosticSeverity.Warning
    assert first.source == "notelint"
    assert first.code_description is not None
    assert first.code_description.href.endswith("docs/rules.md#nl208-venue")


async def test_an_emoji_counts_two_utf16_units(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "emoji.md").as_uri()
    found = await open_document(client, uri, EMOJI_NOTES)
    close_document(client, uri)
    line = EMOJI_NOTES.split("\n")[8]
    assert line.index(" <br>") == 35  # in code points; each of the two emoji adds a unit
    assert [as_tuple(d) for d in found] == [("NL305", 8, 37, 8, 42)]


async def test_a_quick_fix_gives_the_text_of_fix(client: LanguageClient, tmp_path: Path) -> None:
    text = EMOJI_NOTES
    uri = (tmp_path / "quick.md").as_uri()
    (finding,) = await open_document(client, uri, text)
    found = await code_actions(client, uri, finding.range)
    close_document(client, uri)
    titles = [a.title for a in found]
    assert titles == [
        "Fix NL305 (note-line-break)",
        "Disable NL305 (note-line-break) for this line",
        "Fix all notelint problems (as --fix)",
    ]
    fixed = apply(text, edits_of(found[0], uri))
    assert fixed == cli("--fix", "-", "--stdin-filename", "quick.md", stdin=text)


async def test_an_unsafe_fix_is_labelled(client: LanguageClient, tmp_path: Path) -> None:
    text = EMOJI_NOTES.replace("- ICLR", "- ICLM").replace(" <br>\n    2.", "  <br>\n    2.")
    uri = (tmp_path / "unsafe.md").as_uri()
    (finding,) = await open_document(client, uri, text)
    found = await code_actions(client, uri, finding.range)
    close_document(client, uri)
    assert finding.message.endswith("(unsafe fix available)")
    assert found[0].title == "Fix NL208 (venue) [unsafe]"
    assert not found[0].is_preferred
    assert "- ICLR [[code]]" in apply(text, edits_of(found[0], uri))


async def test_fix_all_and_formatting_give_the_text_of_fix(
    client: LanguageClient, tmp_path: Path
) -> None:
    if not EXAMPLE.is_file():
        pytest.skip("../shared/example/paper-notes.md is not here")
    text = EXAMPLE.read_text("utf-8")
    copy = tmp_path / "paper-notes.md"
    copy.write_text(text, "utf-8")
    uri = copy.as_uri()
    expected = cli("--fix", "-", "--stdin-filename", str(copy), stdin=text)
    assert expected != text
    await open_document(client, uri, text)
    start = types.Position(line=0, character=0)
    whole = types.Range(start=start, end=start)
    # As on save: the client asks for the fix-all kind only and gets the edit at once.
    (action,) = await code_actions(client, uri, whole, only=["source.fixAll"])
    assert action.kind == "source.fixAll.notelint"
    assert apply(text, edits_of(action, uri)) == expected
    # From the light bulb: the edit is filled in when the client resolves the action.
    (lazy,) = [a for a in await code_actions(client, uri, whole) if a.kind == action.kind]
    assert lazy.edit is None
    resolved = await client.code_action_resolve_async(lazy)
    assert apply(text, edits_of(resolved, uri)) == expected
    params = types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        options=types.FormattingOptions(tab_size=4, insert_spaces=True),
    )
    edits = await client.text_document_formatting_async(params)
    close_document(client, uri)
    assert apply(text, list(edits or [])) == expected
    assert copy.read_text("utf-8") == text  # the server never writes


async def test_disable_for_line_hides_the_finding(client: LanguageClient, tmp_path: Path) -> None:
    text = EMOJI_NOTES.replace("- ICLR", "- ICLM").replace(" <br>\n    2.", "  <br>\n    2.")
    uri = (tmp_path / "disable.md").as_uri()
    (finding,) = await open_document(client, uri, text)
    found = await code_actions(client, uri, finding.range)
    (disable,) = [a for a in found if a.title.startswith("Disable")]
    changed = apply(text, edits_of(disable, uri))
    comment = "<!-- notelint-disable-line NL208 -->"
    assert f"  - ICLM [[code]](https://github.com/example-lab/rocket) {comment}\n" in changed
    assert await change_document(client, uri, changed, 2) == []
    close_document(client, uri)
    assert cli("-", "--stdin-filename", "disable.md", stdin=changed) == "All checks passed!\n"


async def test_hover_shows_the_rules_documentation(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "hover.md").as_uri()
    (finding,) = await open_document(client, uri, EMOJI_NOTES)
    params = types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=finding.range.start
    )
    shown = await client.text_document_hover_async(params)
    close_document(client, uri)
    assert shown is not None and isinstance(shown.contents, types.MarkupContent)
    assert shown.contents.value.startswith("### NL305 note-line-break\n")
    assert "docs/rules.md#nl305-note-line-break" in shown.contents.value
    assert shown.range == finding.range


async def test_a_changed_config_file_is_read_again(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the repository root: discovery stops here
    notes = tmp_path / "notes.md"
    uri = notes.as_uri()
    assert [d.code for d in await open_document(client, uri, EMOJI_NOTES)] == ["NL305"]
    config = tmp_path / ".notelint.toml"
    config.write_text('ignore = ["NL305"]\n', "utf-8")
    event = types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)
    published = Published(client, uri)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[event]))
    assert await published.wait() == []
    config.write_text("ignore = []\n", "utf-8")
    saved = types.TextDocumentIdentifier(uri=config.as_uri())
    published = Published(client, uri)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=saved))
    assert [d.code for d in await published.wait()] == ["NL305"]
    close_document(client, uri)
    globs = [w["globPattern"] for r in REGISTERED for w in r.register_options["watchers"]]
    assert "**/.notelint.toml" in globs and "**/pyproject.toml" in globs


async def test_a_heading_is_disabled_from_the_line_above(
    client: LanguageClient, tmp_path: Path
) -> None:
    text = EMOJI_NOTES.replace(" <br>\n    2.", "  <br>\n    2.") + (
        "\n## 2022\n\n- An Older Paper\n  - ACL [[code]](https://github.com/example-lab/old)\n"
    )
    uri = (tmp_path / "heading.md").as_uri()
    (finding,) = await open_document(client, uri, text)
    assert finding.code == "NL102"
    found = await code_actions(client, uri, finding.range)
    (disable,) = [a for a in found if a.title.startswith("Disable")]
    changed = apply(text, edits_of(disable, uri))
    assert "\n<!-- notelint-disable-next-line NL102 -->\n## 2022\n" in changed
    assert await change_document(client, uri, changed, 2) == []
    close_document(client, uri)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, str(HERE / "lsp_loop_server.py")]),
    scope="module",
)
async def looping(lsp_client: LanguageClient) -> Any:
    params = types.InitializeParams(capabilities=types.ClientCapabilities())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def test_a_refused_fix_changes_nothing_and_says_why(
    looping: LanguageClient, tmp_path: Path
) -> None:
    uri = (tmp_path / "loop.md").as_uri()
    found = await open_document(looping, uri, "# LOOP\n")
    assert [d.code for d in found] == ["NL095"]
    params = types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        options=types.FormattingOptions(tab_size=4, insert_spaces=True),
    )
    assert not await looping.text_document_formatting_async(params)
    (message,) = looping.messages
    assert message.type == types.MessageType.Warning
    assert "fix refused: fixes did not settle after 10 passes" in message.message
