"""The enterprise card: what the clerk reads out and checks before anything else.

It shows the ``EnterpriseDetail`` that ``services.lookup.enterprise_detail`` returns and
nothing more, so the card never touches the database: the main window loads the detail in the
background and hands it over.  Money arrives in 元 and is shown in 万元 as Chinese forms do;
the contact phone arrives masked.  Under 办理记录 the card lists the enterprise's newest
applications (``detail.applications``); clicking one, or Enter on it, emits
``application_activated(application_id)``.  Above them, this hall's 草稿 of the enterprise
(``show_drafts``, services.drafts): Enter or a click continues one (``draft_activated``),
Delete gives it up (``draft_discard_requested``).  Layout: forms/enterprise_card.ui.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QListWidgetItem, QWidget

from kuaixiang_core.domain import clock

from ..services.drafts import DraftRow
from ..services.lookup import CardApplication, DeclaredFact, EnterpriseDetail, Qualification
from ..services.pledges import PledgeView
from .generated.ui_enterprise_card import Ui_EnterpriseCard
from .labels import MISSING, course_summary, size_class_label, text_or_missing, yuan_to_wan_text
from .qtcompat import emit

APPLICATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DRAFT_ID_ROLE = Qt.ItemDataRole.UserRole + 2


def _set_flag(widget: QWidget, name: str, value: object) -> None:
    """Set a dynamic property the stylesheet selects on, and re-polish so it takes effect.

    Re-polishing updates colours, not the box model (padding): properties that change
    sizes belong in the form, where they are set before the first polish."""
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class EnterpriseCard(QWidget):
    PLACEHOLDER_PAGE, DETAIL_PAGE = 0, 1
    MAX_APPLICATIONS = 10

    application_activated = Signal(str)  # application id
    enterprise_changed = Signal(str)  # the name now on the card; "" when none is
    draft_activated = Signal(str)  # draft id: continue it in the apply wizard
    draft_discard_requested = Signal(str)  # draft id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_EnterpriseCard()
        self.ui.setupUi(self)
        self._detail: EnterpriseDetail | None = None
        self._drafts: tuple[DraftRow, ...] = ()
        self._today: dt.date | None = None
        self._default_placeholder = self.ui.placeholderLabel.text()
        self.ui.pledgesLabel.hide()
        apps = self.ui.appsList
        apps.itemClicked.connect(self._activate)
        apps.installEventFilter(self)

    # -- what is shown ----------------------------------------------------------------------

    @property
    def detail(self) -> EnterpriseDetail | None:
        return self._detail

    @property
    def credit_code(self) -> str | None:
        return self._detail.credit_code if self._detail else None

    def show_placeholder(self, text: str | None = None) -> None:
        self._detail = None
        self.ui.placeholderLabel.setText(text or self._default_placeholder)
        self.ui.stack.setCurrentIndex(self.PLACEHOLDER_PAGE)
        emit(self.enterprise_changed, "")

    def show_detail(self, detail: EnterpriseDetail, *, today: dt.date | None = None) -> None:
        self._drafts = tuple(d for d in self._drafts if d.credit_code == detail.credit_code)
        if self._detail is None or self._detail.credit_code != detail.credit_code:
            self.ui.pledgesLabel.hide()  # another enterprise's are not this one's
        self._detail = detail
        self._today = today
        ui = self.ui
        ui.nameLabel.setText(detail.name or MISSING)
        ui.codeValue.setText(text_or_missing(detail.credit_code))
        ui.legalRepValue.setText(text_or_missing(detail.legal_rep))
        ui.regionValue.setText(text_or_missing(detail.region_name or detail.region_code))
        ui.industryValue.setText(self._industry_text(detail))
        ui.establishedValue.setText(text_or_missing(detail.established.isoformat() if detail.established else None))
        ui.employeesValue.setText(self._employees_text(detail))
        ui.revenueValue.setText(yuan_to_wan_text(detail.revenue))
        ui.assetsValue.setText(yuan_to_wan_text(detail.total_assets))

        size = size_class_label(detail.size_class)
        ui.sizeClassValue.setText(size)
        ui.sizeBadge.setText(self.tr("{size}企业").format(size=size) if detail.size_class else "")
        ui.sizeBadge.setVisible(bool(detail.size_class))

        ui.taxRatingValue.setText(text_or_missing(detail.tax_credit_rating))
        dishonest = bool(detail.dishonest)
        ui.dishonestValue.setText(self.tr("是（已列入失信主体名单）") if dishonest else self.tr("否"))
        _set_flag(ui.dishonestValue, "alert", dishonest)
        ui.dishonestBadge.setVisible(dishonest)
        ui.phoneValue.setText(text_or_missing(detail.contact_phone))

        self._fill_tags(detail.tags)
        self._fill_applications(detail.applications, detail.applications_total)
        self._fill_facts(detail.facts)
        ui.scrollArea.verticalScrollBar().setValue(0)
        ui.stack.setCurrentIndex(self.DETAIL_PAGE)
        emit(self.enterprise_changed, detail.name or detail.credit_code)

    # -- parts ------------------------------------------------------------------------------

    def _industry_text(self, detail: EnterpriseDetail) -> str:
        name, code = detail.industry_name, detail.industry_code
        if name and code:
            return self.tr("{name}（{code}）").format(name=name, code=code)
        return text_or_missing(name or code)

    def _employees_text(self, detail: EnterpriseDetail) -> str:
        employees, insured = detail.employees, detail.insured_employees
        if employees is None:
            return MISSING
        text = self.tr("{count} 人").format(count=employees)
        if insured is not None:
            text += self.tr("（参保 {count} 人）").format(count=insured)
        return text

    def tag_labels(self) -> list[QLabel]:
        """The tag lines shown, in order."""
        layout = self.ui.tagsLayout
        return [w for i in range(layout.count())
                if isinstance(w := layout.itemAt(i).widget(), QLabel) and not w.isHidden()]

    def _tag_label(self, position: int) -> QLabel:
        """The tagsLayout's label at ``position``, made when first needed and kept (see _fill_facts)."""
        layout = self.ui.tagsLayout
        while layout.count() <= position:
            label = QLabel(self.ui.tagsGroup)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            layout.addWidget(label)
        return layout.itemAt(position).widget()

    def _fill_tags(self, tags: Sequence[Qualification]) -> None:
        today = self._today or clock.today()
        lines: list[tuple[str, bool | None]] = [(self.tr("无"), None)] if not tags else [
            (self._tag_text(tag, today), tag.valid_today)
            # Valid ones first: those are the ones policies can use today.
            for tag in sorted(tags, key=lambda t: (not t.valid_today, t.tag))
        ]
        for position, (text, valid) in enumerate(lines):
            label = self._tag_label(position)
            label.setText(text)
            restyle = label.property("muted") != (valid is None) or label.property("validToday") != valid
            label.setProperty("tag", valid is not None)
            label.setProperty("muted", valid is None)
            label.setProperty("validToday", valid)
            label.setEnabled(valid is not False)  # greyed by the style, whatever the stylesheet says
            if restyle:  # a dynamic property the stylesheet reads: polish again
                label.style().unpolish(label)
                label.style().polish(label)
            label.show()
        layout = self.ui.tagsLayout
        for position in range(len(lines), layout.count()):
            if (widget := layout.itemAt(position).widget()) is not None:
                widget.hide()

    def _tag_text(self, tag: Qualification, today: dt.date) -> str:
        start, end = tag.valid_from, tag.valid_to
        if start and end:
            period = self.tr("{start} 至 {end}").format(start=start.isoformat(), end=end.isoformat())
        elif start:
            period = self.tr("{start} 起长期有效").format(start=start.isoformat())
        elif end:
            period = self.tr("有效期至 {end}").format(end=end.isoformat())
        else:
            period = self.tr("长期有效")
        text = f"{tag.tag}　{period}"
        if not tag.valid_today:
            expired = end is not None and end < today
            text += self.tr("（已过期）") if expired else self.tr("（尚未生效）")
        return text

    def _fill_facts(self, facts: Sequence[DeclaredFact]) -> None:
        # Rows are kept and relabelled, not rebuilt: making and deleting labels (rich-text
        # ones above all) for each enterprise cost the window 10–20 ms per fact on the GUI
        # thread when a scan opened it.
        form = self.ui.factsForm
        self.ui.factsGroup.setVisible(bool(facts))
        while form.rowCount() < len(facts):
            name = QLabel(self.ui.factsGroup)
            name.setTextFormat(Qt.TextFormat.PlainText)
            name.setWordWrap(True)
            value = QLabel(self.ui.factsGroup)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            form.addRow(name, value)
        for row in range(form.rowCount()):
            shown = row < len(facts)
            form.setRowVisible(row, shown)
            if not shown:
                continue
            fact = facts[row]
            value = text_or_missing(fact.value)
            if fact.unit and fact.value:
                value = f"{value} {fact.unit}"
            source = " · ".join(s for s in (fact.source, fact.valid_on.isoformat()) if s)
            name_label, value_label = self._fact_labels(row)
            name_label.setText(fact.label or fact.name)
            value_label.setText(f"{value}\n{source}" if source else value)

    def _fact_labels(self, row: int) -> tuple[QLabel, QLabel]:
        form = self.ui.factsForm
        return (form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget(),
                form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget())

    def fact_texts(self) -> list[tuple[str, str]]:
        """(name, value) of each fact shown, in order."""
        form = self.ui.factsForm
        return [tuple(label.text() for label in self._fact_labels(row))  # type: ignore[misc]
                for row in range(form.rowCount()) if form.isRowVisible(row)]

    # -- 办理记录 ---------------------------------------------------------------------------

    def application_items(self) -> list[QListWidgetItem]:
        apps = self.ui.appsList
        return [apps.item(row) for row in range(apps.count())]

    @property
    def drafts(self) -> tuple[DraftRow, ...]:
        return self._drafts

    def show_drafts(self, drafts: Sequence[DraftRow]) -> None:
        """This hall's drafts of the enterprise on the card (others are ignored)."""
        detail = self._detail
        if detail is None:
            return
        self._drafts = tuple(d for d in drafts if d.credit_code == detail.credit_code)
        self._fill_applications(detail.applications, detail.applications_total)

    def show_pledges(self, pledges: Sequence[PledgeView]) -> None:
        """容缺 materials this enterprise still owes, with their deadlines: flagged when due
        within three working days or overdue (services.pledges)."""
        detail = self._detail
        label = self.ui.pledgesLabel
        mine = [p for p in pledges if detail is not None and p.credit_code == detail.credit_code]
        lines = []
        for p in mine:
            if p.state == "overdue":
                when = self.tr("已逾期 {days} 天").format(days=-(p.days_left or 0))
            else:
                when = self.tr("还剩 {days} 个工作日").format(days=p.days_left)
            lines.append(self.tr("容缺待补：{materials}（{item}）须在 {deadline} 前补交，{when}").format(
                materials="、".join(p.owed), item=p.item_title or p.item_id, deadline=p.deadline.isoformat(), when=when))
        label.setText("\n".join(lines))
        label.setVisible(bool(lines))
        _set_flag(label, "alert", any(p.state in ("overdue", "due_soon") for p in mine))

    def _fill_drafts(self) -> None:
        for draft in self._drafts:
            title = draft.item_title or draft.item_id
            when = draft.updated_at.strftime("%Y-%m-%d %H:%M")
            text = self.tr(
                "{title}\n草稿（未提交）· 已收 {count} 项材料 · {when}\n按 Enter 继续填写，Delete 放弃"
            ).format(title=title, count=draft.received, when=when)
            item = QListWidgetItem(text)
            item.setData(DRAFT_ID_ROLE, draft.id)
            item.setToolTip(self.tr("{text}\n草稿只保存在本机，不会上传").format(text=text))
            self.ui.appsList.addItem(item)

    def _fill_applications(self, applications: Sequence[CardApplication], total: int) -> None:
        ui = self.ui
        ui.appsList.clear()
        self._fill_drafts()
        # Newest first whatever order they came in.
        shown = sorted(applications, key=lambda a: a.created_at, reverse=True)[: self.MAX_APPLICATIONS]
        for app in shown:
            item = QListWidgetItem(self._application_text(app))
            item.setData(APPLICATION_ID_ROLE, app.id)
            item.setToolTip(self.tr("{text}\n申请编号 {id}\n单击或按 Enter 打开").format(
                text=item.text(), id=app.id))
            ui.appsList.addItem(item)
        ui.appsList.setVisible(bool(shown) or bool(self._drafts))
        ui.appsEmptyLabel.setVisible(not shown and not self._drafts)
        total = max(total, len(applications))
        more = total > len(shown)
        ui.appsMoreLabel.setText(
            self.tr("共 {total} 条，这里显示最近 {count} 条；全部记录在“申请”页。").format(total=total, count=len(shown))
            if more else ""
        )
        ui.appsMoreLabel.setVisible(more)
        self._fit_applications()

    def _application_text(self, app: CardApplication) -> str:
        title = app.item_title or app.item_id or MISSING
        # The hall's clock, as the service gives it: never converted to the machine's zone.
        when = app.created_at.strftime("%Y-%m-%d %H:%M")
        status = app.status_name or app.status or MISSING
        receipt = (
            self.tr("回执 {receipt_no}").format(receipt_no=app.receipt_no) if app.receipt_no
            else self.tr("尚未受理，没有回执")
        )
        text = f"{title}\n{status} · {when}\n{receipt}"
        if app.progress_step is not None or app.progress:
            progress = course_summary(app.progress_step) if app.progress_step is not None else app.progress
            text += "\n" + self.tr("办理进度：{progress}").format(progress=progress)
        return text

    def _fit_applications(self) -> None:
        """As tall as its rows: the card scrolls as a whole, the list never does."""
        apps = self.ui.appsList
        rows = sum(apps.sizeHintForRow(row) + 2 * apps.spacing() for row in range(apps.count()))
        height = rows + 2 * apps.frameWidth()
        apps.setFixedHeight(max(height, 1))

    def _activate(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        draft_id = item.data(DRAFT_ID_ROLE)
        if draft_id:
            emit(self.draft_activated, str(draft_id))
            return
        app_id = item.data(APPLICATION_ID_ROLE)
        if app_id:
            emit(self.application_activated, str(app_id))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.ui.appsList
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        ):
            self._activate(self.ui.appsList.currentItem())
            return True
        if watched is self.ui.appsList and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Delete:
            current = self.ui.appsList.currentItem()
            draft_id = current.data(DRAFT_ID_ROLE) if current is not None else None
            if draft_id:
                emit(self.draft_discard_requested, str(draft_id))
                return True
        return super().eventFilter(watched, event)
