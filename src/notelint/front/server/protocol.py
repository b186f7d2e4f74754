"""The language server's handlers: keep each open Markdown buffer checked and answer requests.

Buffers arrive whole on every change (full text sync), so the text the server checks is
always byte for byte what the editor holds. A change is checked once the typing pauses
(``debounce``); open and save are checked at once. A change to a configuration file, seen
through the client's file watcher or a save in the editor, re-reads the settings and
re-checks every open buffer.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from notelint.front.server import actions
from notelint.front.server.checker import Checked, Checker, is_config_file
from notelint.front.server.diagnostics import diagnostics, hover
from notelint.front.server.positions import UTF16, LineIndex, Place
from notelint.version import __version__

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
CONFIG_GLOBS = ("**/pyproject.toml", "**/notelint.toml", "**/.notelint.toml")
DEFAULT_DEBOUNCE = 0.15


@dataclass
class State:
    """The last check of one buffer, for the text it was made on."""

    version: int | None
    checked: Checked
    index: LineIndex


class NotelintServer(LanguageServer):
    """A pygls server holding the checker and the last check of each open buffer."""

    def __init__(self, checker: Checker, debounce: float = DEFAULT_DEBOUNCE) -> None:
        super().__init__(
            "notelint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.checker = checker
        self.debounce = debounce
        self.states: dict[str, State] = {}
        self.languages: dict[str, str] = {}
        self._pending: dict[str, asyncio.TimerHandle] = {}

    @property
    def encoding(self) -> str:
        chosen = self.workspace.position_encoding
        return str(getattr(chosen, "value", chosen) or UTF16)

    def is_markdown(self, uri: str) -> bool:
        if self.languages.get(uri) == "markdown":
            return True
        return uri.lower().endswith(MARKDOWN_SUFFIXES)

    def state(self, uri: str) -> State | None:
        """The check of the buffer's current text, made now if the last one is stale."""
        if not self.is_markdown(uri):
            return None
        document = self.workspace.get_text_document(uri)
        text = document.source
        known = self.states.get(uri)
        if known is not None and known.version == document.version and known.checked.text == text:
            return known
        path = to_fs_path(uri)
        checked = self.checker.check(text, Path(path) if path else None)
        if checked.error:
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Error, message=checked.error)
            )
        state = State(document.version, checked, LineIndex(text, self.encoding))
        self.states[uri] = state
        return state

    def publish(self, uri: str) -> None:
        self._pending.pop(uri, None)
        if uri not in self.languages:
            return  # closed meanwhile
        state = self.state(uri)
        if state is None:
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=diagnostics(state.checked, state.index), version=state.version
            )
        )

    def publish_later(self, uri: str) -> None:
        """Check the buffer once no change has come for ``debounce`` seconds."""
        waiting = self._pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        if self.debounce <= 0:
            self.publish(uri)
            return
        loop = asyncio.get_running_loop()
        self._pending[uri] = loop.call_later(self.debounce, self.publish, uri)

    def reload(self) -> None:
        """Read the settings anew and check every open buffer again."""
        self.checker.reload()
        self.states.clear()
        for uri in list(self.languages):
            self.publish(uri)

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))


def build(checker: Checker) -> NotelintServer:
    """A server with every handler registered."""
    server = NotelintServer(checker)

    @server.feature(types.INITIALIZE)
    def initialize(ls: NotelintServer, params: types.InitializeParams) -> None:
        root = params.root_uri or (
            params.workspace_folders[0].uri if params.workspace_folders else None
        )
        path = to_fs_path(root) if root else None
        if path and os.path.isdir(path):
            ls.checker.root = Path(path)
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounceMs"), (int, float)):
            ls.debounce = max(0.0, float(options["debounceMs"]) / 1000)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: NotelintServer, params: types.InitializedParams) -> None:
        dynamic = ls.client_capabilities.workspace
        watched = dynamic.did_change_watched_files if dynamic else None
        if not (watched and watched.dynamic_registration):
            return
        watchers = [types.FileSystemWatcher(glob_pattern=g) for g in CONFIG_GLOBS]
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
        registration = types.Registration(
            id="notelint-config-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        await ls.client_register_capability_async(
            types.RegistrationParams(registrations=[registration])
        )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NotelintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.languages[params.text_document.uri] = params.text_document.language_id
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NotelintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.publish_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: NotelintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = to_fs_path(uri)
        if path and is_config_file(path):
            ls.reload()
        else:
            ls.publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NotelintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        waiting = ls._pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        ls.languages.pop(uri, None)
        ls.states.pop(uri, None)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: NotelintServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        if any(is_config_file(to_fs_path(c.uri) or c.uri) for c in params.changes):
            ls.reload()

    _register_requests(server)
    return server


def _register_requests(server: NotelintServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=actions.KINDS, resolve_provider=True),
    )
    def code_action(
        ls: NotelintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        state = ls.state(uri)
        if state is None:
            return None
        only = [str(k) for k in params.context.only] if params.context.only else None
        found = actions.for_range(uri, state.checked, state.index, params.range, only)
        if actions.wanted(only, actions.FIX_ALL) and any(
            state.checked.fixable(v) for v in state.checked.violations
        ):
            title = "Fix all notelint problems (as --fix)"
            if _resolves_edits(ls) and only is None:
                data = {"uri": uri, "version": state.version}
                found.append(actions.fix_all(title, uri, None, data))
            else:
                edit = _fix_all_edit(ls, uri, state)
                if edit is not None:
                    found.append(actions.fix_all(title, uri, edit))
        return found

    @server.feature(types.CODE_ACTION_RESOLVE)
    def resolve(ls: NotelintServer, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        if action.kind == actions.FIX_ALL and isinstance(uri, str):
            state = ls.state(uri)
            if state is not None:
                action.edit = _fix_all_edit(ls, uri, state)
        return action

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def formatting(
        ls: NotelintServer, params: types.DocumentFormattingParams
    ) -> list[types.TextEdit] | None:
        uri = params.text_document.uri
        state = ls.state(uri)
        if state is None:
            return None
        edit = _fix_all_edit(ls, uri, state)
        return list(edit.changes[uri]) if edit is not None and edit.changes else []

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: NotelintServer, params: types.HoverParams) -> types.Hover | None:
        state = ls.state(params.text_document.uri)
        if state is None:
            return None
        place = Place(params.position.line, params.position.character)
        return hover(state.checked, state.index, place)


def _resolves_edits(ls: NotelintServer) -> bool:
    """Whether the client can fill in an action's edit later (codeAction/resolve)."""
    text = ls.client_capabilities.text_document
    support = text.code_action.resolve_support if text and text.code_action else None
    return support is not None and "edit" in support.properties


def _fix_all_edit(ls: NotelintServer, uri: str, state: State) -> types.WorkspaceEdit | None:
    """The edit ``--fix`` makes to the buffer; None, with a notification, if it is refused."""
    path = to_fs_path(uri)
    fixed = ls.checker.fix(state.checked.text, Path(path) if path else None)
    if fixed.text is None:
        ls.tell(f"notelint: nothing changed: {fixed.refused}")
        return None
    edits = actions.replacement(state.index, state.checked.text, fixed.text)
    return actions.workspace_edit(uri, edits)


def serve(checker: Checker) -> int:
    """Run the server over standard input and output until the client says exit."""
    server = build(checker)
    server.start_io()
    return 0
