"""The counter desk app: log in, then one screen to call and serve tickets.

:class:`DeskScreen` holds what the desk shows in Kivy properties; ``desk.kv``
lays it out. Every store call runs on one worker thread
(:class:`kiosk.app.worker.Worker`); results come back through the Clock.
The desk follows the database like the board does (``PRAGMA data_version``)
and refreshes once per burst of changes through a ``Clock.create_trigger``.
Function keys F1-F8 run the commands printed on the buttons. Each command fires
``on_action_done(action, token)`` or ``on_action_failed(action, message)``,
which the app writes to a :class:`DeskReport` when it was given one.
"""

import logging
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    DictProperty,
    ListProperty,
    StringProperty,
)
from kivy.uix.gridlayout import GridLayout
from kivy.uix.screenmanager import NoTransition, Screen, ScreenManager

from display_board.call_feed import CallFeed, FeedWatcher, centre_today
from display_board.desk_actions import (
    ACTION_BY_KEY,
    ACTIONS,
    CounterDesk,
    DeskAction,
    DeskSnapshot,
)
from display_board.desk_login import DeskLoginScreen
from display_board.desk_report import DeskReport
from display_board.desk_texts import DESK_TEXTS, text
from display_board.desk_widgets import (
    ChoiceButton,
    ChoiceView,
    ConfirmView,
    DeskButton,
    DeskWaitingRow,
    TokenView,
)
from kiosk.app.worker import Worker
from kiosk.config import KioskConfig
from kiosk.errors import KioskError
from kiosk.models import CASE_STATUS_LABELS, CaseStatus, Priority
from kiosk.store import QueueStore

log = logging.getLogger(__name__)

KV_PATH = Path(__file__).with_name("desk.kv")
if str(KV_PATH) not in Builder.files:
    Builder.load_file(str(KV_PATH))

FUNCTION_KEYS = {282 + index: f"f{index + 1}" for index in range(12)}
PRIORITY_ICONS = {
    Priority.WOMEN: "woman",
    Priority.SENIOR: "elderly",
    Priority.DISABILITY: "accessible",
}
REFRESH_SECONDS = 30.0


class DeskScreen(Screen):
    """One counter's desk: the current ticket, its case, waiting, commands."""

    language = StringProperty("en")
    rtl = BooleanProperty(False)
    t = DictProperty(DESK_TEXTS["en"])
    counter_title = StringProperty("")
    paused = BooleanProperty(False)
    paused_text = StringProperty("")
    message = StringProperty("")
    message_is_error = BooleanProperty(False)
    has_ticket = BooleanProperty(False)
    token = StringProperty("")
    state_text = StringProperty("")
    service_text = StringProperty("")
    priority_icon = StringProperty("")
    priority_text = StringProperty("")
    waited_text = StringProperty("")
    case_text = StringProperty("")
    has_case = BooleanProperty(False)
    warning_text = StringProperty("")
    case_statuses = ListProperty([status.value for status in CaseStatus])

    __events__ = ("on_action_done", "on_action_failed")

    def __init__(self, worker: Worker, **kwargs: object) -> None:
        self.worker = worker
        self.desk: CounterDesk | None = None
        self._snapshot: DeskSnapshot | None = None
        self._dialog = None
        super().__init__(**kwargs)
        self._action_buttons: list[DeskButton] = []
        self._build_actions()
        self._build_case_choices()
        self.set_language(self.language)

    # -- set-up -------------------------------------------------------------

    def start(self, desk: CounterDesk, language: str) -> None:
        """Show ``desk`` (just logged in) in ``language``."""
        self.desk = desk
        self.set_language(language)
        self.message = ""
        self.refresh()

    def set_language(self, language: str) -> None:
        """Switch every word on the screen to ``language`` (en or ur)."""
        self.language = language
        self.rtl = language == "ur"
        self.t = dict(DESK_TEXTS[language])
        for button in self._action_buttons:
            spec = next(spec for spec in ACTIONS if spec.action == button.action)
            button.label = spec.label_ur if self.rtl else spec.label_en
        for button in self.ids.case_choices.children:
            english, urdu = CASE_STATUS_LABELS[CaseStatus(button.value)]
            button.label = urdu if self.rtl else english
        if self._snapshot is not None:
            self.show_snapshot(self._snapshot)

    def toggle_language(self) -> None:
        """Switch between English and Urdu."""
        self.set_language("en" if self.language == "ur" else "ur")

    def _build_actions(self) -> None:
        row = self.ids.action_row
        grid = GridLayout(cols=4, spacing=4)
        for spec in ACTIONS:
            big = spec.action is DeskAction.CALL_NEXT
            button = DeskButton(action=spec.action.value, shortcut=spec.key, big=big)
            button.bind(on_release=lambda b: self.press(DeskAction(b.action)))
            self._action_buttons.append(button)
            if big:
                button.size_hint_x = 0.32
                row.add_widget(button)
            else:
                grid.add_widget(button)
        row.add_widget(grid)

    def _build_case_choices(self) -> None:
        for status in CaseStatus:
            button = ChoiceButton(value=status.value)
            button.bind(on_release=lambda b: self.save_case(b.value))
            self.ids.case_choices.add_widget(button)

    # -- commands -----------------------------------------------------------

    def on_key(self, key_name: str) -> bool:
        """Run the command bound to a function key; return whether one was."""
        spec = ACTION_BY_KEY.get(key_name)
        if spec is None or self.desk is None or self._dialog is not None:
            return False
        self.press(spec.action)
        return True

    def press(self, action: DeskAction) -> None:
        """Run a command; destructive ones ask once, some ask for a value."""
        current = self._snapshot.current if self._snapshot else None
        token = current.token if current else ""
        if action is DeskAction.NO_SHOW and current is not None:
            self._confirm(text(self.language, "confirm_no_show", token=token), action)
        elif action is DeskAction.TRANSFER and current is not None:
            self._choose_transfer(token)
        elif action is DeskAction.CALL_TOKEN:
            self._ask_token()
        else:
            self._run(action)

    def save_case(self, status: str) -> None:
        """Move the current ticket's case to ``status`` with the typed note."""
        note = self.ids.case_note.text.strip()
        desk = self.desk
        self.worker.submit(
            lambda: desk.update_case(status, note), self._case_saved, self._failed
        )

    def log_out(self) -> None:
        """Leave the desk and return to the log-in screen."""
        log.info(
            "counter %s logged out", self.desk.counter.number if self.desk else "-"
        )
        self.desk, self._snapshot = None, None
        self.manager.current = "login"

    def refresh(self, *_args: object) -> None:
        """Read the desk's state on the worker and show it."""
        if self.desk is None:
            return
        desk = self.desk
        self.worker.submit(desk.snapshot, self.show_snapshot, self._failed)

    def on_action_done(self, action: str, token: str) -> None:
        """Default handler of the event fired after a command succeeded."""

    def on_action_failed(self, action: str, message: str) -> None:
        """Default handler of the event fired after a command was refused."""

    def _run(self, action: DeskAction, argument: str | None = None) -> None:
        desk = self.desk
        self.worker.submit(
            lambda: desk.run(action, argument),
            lambda ticket: self._action_done(action, ticket),
            lambda error: self._action_failed(action, error),
        )

    def _confirm(self, message: str, action: DeskAction, argument: str = "") -> None:
        self._open(
            ConfirmView(
                message=message,
                yes_text=self.t["yes"],
                no_text=self.t["no"],
                on_yes=lambda: self._run(action, argument or None),
            )
        )

    def _choose_transfer(self, token: str) -> None:
        choices = [
            (code, urdu if self.rtl else english)
            for code, english, urdu in self.desk.transfer_choices()
        ]

        def chosen(code: str) -> None:
            name = dict(choices)[code]
            message = text(self.language, "confirm_transfer", token=token, service=name)
            Clock.schedule_once(
                lambda _dt: self._confirm(message, DeskAction.TRANSFER, code), 0
            )

        self._open(
            ChoiceView(
                message=text(self.language, "choose_service", token=token),
                choices=choices,
                cancel_text=self.t["cancel"],
                on_choice=chosen,
            )
        )

    def _ask_token(self) -> None:
        self._open(
            TokenView(
                message=self.t["type_token"],
                ok_text=self.t["ok"],
                cancel_text=self.t["cancel"],
                on_token=lambda typed: self._run(DeskAction.CALL_TOKEN, typed),
            )
        )

    def _open(self, dialog) -> None:
        self._dialog = dialog
        dialog.bind(on_dismiss=lambda *_args: setattr(self, "_dialog", None))
        dialog.open()

    # -- results ------------------------------------------------------------

    def _action_done(self, action: DeskAction, ticket) -> None:
        self.message_is_error = False
        if ticket is not None:
            self.message = text(self.language, "done", token=ticket.token)
        self.refresh()
        self.dispatch("on_action_done", action.value, ticket.token if ticket else "")

    def _action_failed(self, action: DeskAction, error: Exception) -> None:
        self._failed(error)
        self.dispatch("on_action_failed", action.value, self.message)

    def _case_saved(self, _result: object) -> None:
        self.ids.case_note.text = ""
        self.message_is_error = False
        self.message = text(self.language, "done", token=self.token)
        self.refresh()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, KioskError):
            log.error("desk command failed", exc_info=error)
        self.message_is_error = True
        self.message = str(error)

    def show_snapshot(self, snapshot: DeskSnapshot) -> None:
        """Show a state read by :meth:`CounterDesk.snapshot`."""
        self._snapshot = snapshot
        config = self.desk.store.config if self.desk else None
        counter = config.counters[snapshot.counter] if config else None
        self.counter_title = (
            (counter.name_ur if self.rtl else counter.name_en) if counter else ""
        )
        self.paused = snapshot.paused
        self.paused_text = self.t["paused"] if snapshot.paused else self.t["open"]
        self._show_current(snapshot)
        self._show_waiting(snapshot)
        tokens = ", ".join(snapshot.overdue_priority)
        self.warning_text = (
            text(self.language, "overdue", tokens=tokens) if tokens else ""
        )

    def _show_current(self, snapshot: DeskSnapshot) -> None:
        current = snapshot.current
        self.has_ticket = current is not None
        self.has_case = current is not None and current.case_code is not None
        if current is None:
            self.token = self.state_text = self.service_text = ""
            self.priority_icon = self.priority_text = self.waited_text = ""
            self.case_text = ""
            return
        self.token = current.token
        self.state_text = self.t[f"state_{current.state}"]
        self.service_text = current.service_ur if self.rtl else current.service_en
        self.priority_icon = PRIORITY_ICONS.get(current.priority, "")
        self.priority_text = current.priority_ur if self.rtl else current.priority_en
        self.waited_text = text(self.language, "waited", minutes=current.waited_minutes)
        if current.case_code is None:
            self.case_text = self.t["no_case"]
        else:
            status = current.case_status_ur if self.rtl else current.case_status_en
            self.case_text = (
                f"{text(self.language, 'case', number=current.case_number)} · {status}"
            )
        for button in self.ids.case_choices.children:
            button.selected = button.value == current.case_status

    def _show_waiting(self, snapshot: DeskSnapshot) -> None:
        box = self.ids.waiting_box
        box.clear_widgets()
        for row in snapshot.waiting:
            box.add_widget(
                DeskWaitingRow(
                    name=row.name_ur if self.rtl else row.name_en,
                    detail=text(
                        self.language,
                        "waiting_row",
                        count=row.waiting,
                        minutes=row.longest_minutes,
                    ),
                )
            )
        box.add_widget(GridLayout())  # keeps the rows at the top


class CounterDeskApp(App):
    """Run the desk: log-in screen, desk screen, worker, live database feed."""

    def __init__(
        self,
        config: KioskConfig,
        language: str,
        counter: int | None,
        report: DeskReport | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.title = f"{config.centre.name_en}: counter desk"
        self.kiosk_config = config
        self.language = language
        self.preset_counter = counter
        self.report = report
        self.worker = Worker("desk-store")
        self.store = QueueStore(config)
        self._refresh_trigger = Clock.create_trigger(self._refresh, 0.05)
        feed = CallFeed(config.database_path, centre_today(config))
        self._watcher = FeedWatcher(feed, lambda _update: self._refresh_trigger(), 0.1)
        self.desk_screen: DeskScreen | None = None

    def build(self) -> ScreenManager:
        """Build both screens; start following the database."""
        manager = ScreenManager(transition=NoTransition())
        login = DeskLoginScreen(
            self.store, self.worker, self.language, self.preset_counter, name="login"
        )
        login.bind(on_logged_in=self._logged_in)
        self.desk_screen = DeskScreen(self.worker, name="desk")
        if self.report is not None:
            self._bind_report(login, self.desk_screen, self.report)
        manager.add_widget(login)
        manager.add_widget(self.desk_screen)
        Window.bind(on_key_down=self._on_key_down)
        Clock.schedule_interval(self._refresh, REFRESH_SECONDS)
        self._watcher.start()
        return manager

    def on_start(self) -> None:
        """Report, when asked to, that the log-in screen is up."""
        if self.report is not None:
            Clock.schedule_once(lambda _dt: self.report.ready("login"), 0.3)

    def on_stop(self) -> None:
        """Stop the feed and the worker; close the store."""
        self._watcher.stop()
        self.worker.stop()
        self.store.close()

    @staticmethod
    def _bind_report(
        login: DeskLoginScreen, desk: DeskScreen, report: DeskReport
    ) -> None:
        login.bind(
            on_logged_in=lambda _screen, logged: report.logged_in(
                logged.counter.number
            ),
            on_login_refused=lambda _screen, counter, message: report.refused(
                counter, message
            ),
        )
        desk.bind(
            on_action_done=lambda _screen, action, token: report.done(action, token),
            on_action_failed=lambda _screen, action, message: report.failed(
                action, message
            ),
        )

    def _logged_in(self, login: DeskLoginScreen, desk: CounterDesk) -> None:
        self.desk_screen.start(desk, login.language)
        self.root.current = "desk"

    def _refresh(self, *_args: object) -> None:
        if self.root is not None and self.root.current == "desk":
            self.desk_screen.refresh()

    def _on_key_down(self, _window, key: int, *_args: object) -> bool:
        name = FUNCTION_KEYS.get(key)
        if name is None or self.root.current != "desk":
            return False
        return self.desk_screen.on_key(name)
