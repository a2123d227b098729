"""The ID card reader (二代证阅读器): the card it reads, the interface every driver offers, and
the session rules that hold whichever driver it is.

The rules (:class:`ReaderSession`):

- a card is read once: it must be lifted from the reader before it (or the next visitor's
  card) is read again, so a card left on the reader never fills a second application;
- a card past its validity (or not yet valid) is refused, naming the date, on the hall's
  (Asia/Shanghai) calendar; so is a card whose ID number fails its check character;
- the photo travels with the card to be shown, and nowhere else (:attr:`IdCard.photo`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.codes import check_resident_id

from .errors import DeviceError, DeviceUnavailable
from .health import FAULT, READER, READY, UNPLUGGED, DeviceStatus


class ReaderError(DeviceError):
    """The reader failed to read the card (a fault of the read, not of the card's data)."""


class NoCard(ReaderError):
    def __init__(self, message: str = "阅读器上没有身份证"):
        super().__init__(message)


class CardRemoved(ReaderError):
    def __init__(self, message: str = "读卡时身份证被移开：请把证件放稳，取下后重新放上"):
        super().__init__(message)


class ReaderUnplugged(DeviceUnavailable):
    def __init__(self, message: str = "身份证阅读器未连接：请检查 USB 线"):
        super().__init__(message)


@dataclass(frozen=True)
class IdCard:
    name: str
    sex: str  # 男 / 女 / 未知 / 未说明
    nation: str  # 汉, 回, …
    birth: dt.date
    address: str
    id_number: str
    authority: str  # 签发机关
    valid_from: dt.date
    valid_to: dt.date | None  # None: 长期
    # The card's photo (a BMP as the reader decodes it) for the clerk to compare with the
    # face in front of them; never stored, logged or sent (tests/gui/test_idcard_reading.py).
    photo: bytes | None = field(default=None, repr=False, compare=False)

    def validity_text(self) -> str:
        end = "长期" if self.valid_to is None else f"{self.valid_to:%Y.%m.%d}"
        return f"{self.valid_from:%Y.%m.%d}–{end}"


class IdCardReader(Protocol):
    """What every reader driver offers.  Each call blocks (a real reader takes about a
    second to read a card), so only a background thread calls them."""

    driver: str

    def open(self) -> None:
        """Connect to the reader; ``ReaderUnplugged`` if it (or its library) is not there."""

    def close(self) -> None:
        """Release the reader; never raises."""

    def card_present(self) -> bool:
        """Whether a card lies on the reader; ``ReaderUnplugged`` if the reader went away."""

    def read(self) -> IdCard:
        """Read the card: ``NoCard``, ``CardRemoved``, ``ReaderUnplugged``, ``ReaderError``."""


def refusal(card: IdCard, today: dt.date) -> str | None:
    """Why ``card`` cannot identify an agent today, or None."""
    if card.valid_to is not None and today > card.valid_to:
        return f"身份证已于 {card.valid_to:%Y-%m-%d} 过期（今天是 {today:%Y-%m-%d}）：请经办人出示有效证件"
    if today < card.valid_from:
        return f"身份证的有效期自 {card.valid_from:%Y-%m-%d} 起，今天（{today:%Y-%m-%d}）尚未生效"
    check = check_resident_id(card.id_number, today=today)
    if not check.valid:
        return f"身份证芯片中的号码未通过校验：{check.error}"
    return None


@dataclass(frozen=True)
class ReadOutcome:
    """One read: a card accepted, or the words that say why there is none."""

    card: IdCard | None = None
    refused: str = ""  # the card was read but cannot be used (expired, bad check character)
    error: str = ""  # the read failed (card moved, reader fault)


ALREADY_READ = "这张身份证已经读过：请取下证件后再放上"


class ReaderSession:
    """A reader with the rules of the counter around it; one background thread drives it
    (:meth:`poll` for reading on placement, :meth:`read_now` for the read key)."""

    def __init__(self, reader: IdCardReader, today: Callable[[], dt.date] = clock.today):
        self.reader = reader
        self._today = today
        self._opened = False
        self._must_lift = False
        self.status = DeviceStatus(READER, reader.driver, UNPLUGGED, "尚未连接")

    def _set(self, state: str, detail: str = "") -> None:
        self.status = DeviceStatus(READER, self.reader.driver, state, detail)

    def _lost(self, exc: DeviceUnavailable) -> None:
        self.close()
        self._set(UNPLUGGED, exc.message)

    def close(self) -> None:
        if self._opened:
            self._opened = False
            self.reader.close()

    def _present(self) -> bool | None:
        """Whether a card is there; None when the reader is not (the status says why)."""
        try:
            if not self._opened:
                self.reader.open()
                self._opened = True
            present = self.reader.card_present()
        except DeviceUnavailable as exc:
            self._lost(exc)
            return None
        except DeviceError as exc:
            self._set(FAULT, exc.message)
            return None
        self._set(READY)
        if not present:
            self._must_lift = False
        return present

    def poll(self) -> ReadOutcome | None:
        """Read a card that has just been placed; None while there is nothing new."""
        if not self._present() or self._must_lift:
            return None
        return self._read()

    def read_now(self) -> ReadOutcome:
        """The read key: read what is on the reader now, saying why when nothing can be."""
        present = self._present()
        if present is None:
            return ReadOutcome(error=self.status.detail)
        if not present:
            return ReadOutcome(error=NoCard().message)
        if self._must_lift:
            return ReadOutcome(error=ALREADY_READ)
        return self._read()

    def _read(self) -> ReadOutcome | None:
        self._must_lift = True  # whatever this read brings, this card is done until lifted
        try:
            card = self.reader.read()
        except NoCard:
            self._must_lift = False  # lifted between the look and the read: nothing to say
            return None
        except CardRemoved as exc:
            return ReadOutcome(error=exc.message)
        except DeviceUnavailable as exc:
            self._lost(exc)
            return ReadOutcome(error=exc.message)
        except DeviceError as exc:
            return ReadOutcome(error=exc.message)
        why = refusal(card, self._today())
        return ReadOutcome(refused=why) if why else ReadOutcome(card=card)

    def check(self) -> None:
        """Look whether the reader is there (and whether the card was lifted), reading nothing."""
        self._present()
