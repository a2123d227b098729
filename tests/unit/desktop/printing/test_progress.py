"""The 办理进度告知单: every step with its date, amount and reason, on both papers."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest

from kuaixiang_desktop.printing.fonts import CjkFont, cjk_font
from kuaixiang_desktop.printing.progress import ProgressData, render_progress


@pytest.fixture(scope="module")
def font() -> CjkFont:
    found = cjk_font()
    if not found.embedded:
        pytest.skip("没有可嵌入的中文 TrueType 字体（请安装 fonts-wqy-zenhei）")
    return found


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


ISSUED = dt.datetime(2026, 12, 20, 3, 0, tzinfo=dt.UTC)


def _data(**changes) -> ProgressData:
    values = dict(
        hall_name="东昌府区政务服务中心", window="01", enterprise_name="聊城市东昌府区聚达机械制造有限责任公司",
        credit_code="91371502MA5KUWK290", item_title="超比例安排残疾人就业奖励", receipt_no="371502-01-20261126-EALH-0001",
        accepted_on=dt.date(2026, 11, 26), status_name="已兑现",
        steps=[("审核", dt.date(2026, 11, 28), None, None, None),
               ("补正", dt.date(2026, 11, 30), None, None, "补交社保缴费明细"),
               ("公示", dt.date(2026, 12, 8), dt.date(2026, 12, 14), None, None),
               ("拨付", dt.date(2026, 12, 18), None, 600050, None)],
        clerk_name="王芳", issued_at=ISSUED, last_sync=ISSUED)
    values.update(changes)
    return ProgressData(**values)


@pytest.mark.parametrize("layout", ["a4", "80mm"])
def test_every_step_is_printed(font, layout):
    text = text_of(render_progress(_data(), layout, font=font)).replace("\n", "")
    for needed in ("办理进度告知单", "371502-01-20261126-EALH-0001", "补交社保缴费明细", "2026-12-14", "6,000.50",
                   "不是拨付凭证", "2026-12-18"):
        assert needed in text, needed


def test_no_steps_yet_says_so(font):
    text = text_of(render_progress(_data(steps=[], status_name="已报送"), "a4", font=font)).replace("\n", "")
    assert "尚未记录办理进度" in text


def test_times_must_be_aware():
    with pytest.raises(ValueError):
        _data(issued_at=dt.datetime(2026, 12, 20, 3, 0))
