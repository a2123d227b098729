# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'sync_room.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QFormLayout, QGroupBox,
    QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QSplitter, QTableView,
    QVBoxLayout, QWidget)

class Ui_SyncRoom(object):
    def setupUi(self, SyncRoom):
        if not SyncRoom.objectName():
            SyncRoom.setObjectName(u"SyncRoom")
        SyncRoom.resize(1180, 720)
        self.roomLayout = QVBoxLayout(SyncRoom)
        self.roomLayout.setSpacing(8)
        self.roomLayout.setObjectName(u"roomLayout")
        self.roomLayout.setContentsMargins(12, 10, 12, 6)
        self.headerLayout = QHBoxLayout()
        self.headerLayout.setSpacing(12)
        self.headerLayout.setObjectName(u"headerLayout")
        self.titleLabel = QLabel(SyncRoom)
        self.titleLabel.setObjectName(u"titleLabel")

        self.headerLayout.addWidget(self.titleLabel)

        self.headerSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.headerLayout.addItem(self.headerSpacer)

        self.reloadButton = QPushButton(SyncRoom)
        self.reloadButton.setObjectName(u"reloadButton")

        self.headerLayout.addWidget(self.reloadButton)

        self.syncButton = QPushButton(SyncRoom)
        self.syncButton.setObjectName(u"syncButton")

        self.headerLayout.addWidget(self.syncButton)


        self.roomLayout.addLayout(self.headerLayout)

        self.noSyncLabel = QLabel(SyncRoom)
        self.noSyncLabel.setObjectName(u"noSyncLabel")
        self.noSyncLabel.setWordWrap(True)

        self.roomLayout.addWidget(self.noSyncLabel)

        self.statusForm = QFormLayout()
        self.statusForm.setObjectName(u"statusForm")
        self.statusForm.setHorizontalSpacing(12)
        self.statusForm.setVerticalSpacing(4)
        self.serverCaption = QLabel(SyncRoom)
        self.serverCaption.setObjectName(u"serverCaption")

        self.statusForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.serverCaption)

        self.serverValue = QLabel(SyncRoom)
        self.serverValue.setObjectName(u"serverValue")
        self.serverValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.statusForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.serverValue)

        self.stateCaption = QLabel(SyncRoom)
        self.stateCaption.setObjectName(u"stateCaption")

        self.statusForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.stateCaption)

        self.stateValue = QLabel(SyncRoom)
        self.stateValue.setObjectName(u"stateValue")

        self.statusForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.stateValue)

        self.pendingCaption = QLabel(SyncRoom)
        self.pendingCaption.setObjectName(u"pendingCaption")

        self.statusForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.pendingCaption)

        self.pendingValue = QLabel(SyncRoom)
        self.pendingValue.setObjectName(u"pendingValue")

        self.statusForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.pendingValue)

        self.lastSyncCaption = QLabel(SyncRoom)
        self.lastSyncCaption.setObjectName(u"lastSyncCaption")

        self.statusForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.lastSyncCaption)

        self.lastSyncValue = QLabel(SyncRoom)
        self.lastSyncValue.setObjectName(u"lastSyncValue")

        self.statusForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.lastSyncValue)

        self.errorCaption = QLabel(SyncRoom)
        self.errorCaption.setObjectName(u"errorCaption")

        self.statusForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.errorCaption)

        self.errorValue = QLabel(SyncRoom)
        self.errorValue.setObjectName(u"errorValue")
        self.errorValue.setWordWrap(True)
        self.errorValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.statusForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.errorValue)


        self.roomLayout.addLayout(self.statusForm)

        self.messageLabel = QLabel(SyncRoom)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)

        self.roomLayout.addWidget(self.messageLabel)

        self.splitter = QSplitter(SyncRoom)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.outboxGroup = QGroupBox(self.splitter)
        self.outboxGroup.setObjectName(u"outboxGroup")
        self.outboxLayout = QVBoxLayout(self.outboxGroup)
        self.outboxLayout.setObjectName(u"outboxLayout")
        self.outboxView = QTableView(self.outboxGroup)
        self.outboxView.setObjectName(u"outboxView")
        self.outboxView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.outboxView.setAlternatingRowColors(True)
        self.outboxView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.outboxView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.outboxView.setWordWrap(False)
        self.outboxView.verticalHeader().setVisible(False)

        self.outboxLayout.addWidget(self.outboxView)

        self.outboxNote = QLabel(self.outboxGroup)
        self.outboxNote.setObjectName(u"outboxNote")
        self.outboxNote.setWordWrap(True)
        self.outboxNote.setProperty(u"muted", True)

        self.outboxLayout.addWidget(self.outboxNote)

        self.splitter.addWidget(self.outboxGroup)
        self.historyGroup = QGroupBox(self.splitter)
        self.historyGroup.setObjectName(u"historyGroup")
        self.historyLayout = QVBoxLayout(self.historyGroup)
        self.historyLayout.setObjectName(u"historyLayout")
        self.historyView = QTableView(self.historyGroup)
        self.historyView.setObjectName(u"historyView")
        self.historyView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.historyView.setAlternatingRowColors(True)
        self.historyView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.historyView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.historyView.setWordWrap(False)
        self.historyView.verticalHeader().setVisible(False)

        self.historyLayout.addWidget(self.historyView)

        self.splitter.addWidget(self.historyGroup)

        self.roomLayout.addWidget(self.splitter)

        self.roomLayout.setStretch(4, 1)
        QWidget.setTabOrder(self.syncButton, self.reloadButton)
        QWidget.setTabOrder(self.reloadButton, self.outboxView)
        QWidget.setTabOrder(self.outboxView, self.historyView)

        self.retranslateUi(SyncRoom)

        self.syncButton.setDefault(True)


        QMetaObject.connectSlotsByName(SyncRoom)
    # setupUi

    def retranslateUi(self, SyncRoom):
#if QT_CONFIG(accessibility)
        SyncRoom.setAccessibleName(QCoreApplication.translate("SyncRoom", u"\u540c\u6b65", None))
#endif // QT_CONFIG(accessibility)
        self.titleLabel.setText(QCoreApplication.translate("SyncRoom", u"\u540c\u6b65", None))
#if QT_CONFIG(tooltip)
        self.reloadButton.setToolTip(QCoreApplication.translate("SyncRoom", u"\u91cd\u65b0\u8bfb\u53d6\u5f85\u4e0a\u4f20\u7684\u8bb0\u5f55\uff08Alt+R\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.reloadButton.setText(QCoreApplication.translate("SyncRoom", u"\u5237\u65b0\u5217\u8868(&R)", None))
#if QT_CONFIG(tooltip)
        self.syncButton.setToolTip(QCoreApplication.translate("SyncRoom", u"\u9a6c\u4e0a\u4e0e\u4e2d\u5fc3\u670d\u52a1\u5668\u540c\u6b65\u4e00\u8f6e\uff1a\u5148\u4e0a\u4f20\u672c\u673a\u7684\u8bb0\u5f55\uff0c\u518d\u4e0b\u8f7d\u66f4\u65b0\uff08F5\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.syncButton.setText(QCoreApplication.translate("SyncRoom", u"\u7acb\u5373\u540c\u6b65 (F5)", None))
        self.noSyncLabel.setText(QCoreApplication.translate("SyncRoom", u"\u672c\u673a\u6ca1\u6709\u8fde\u63a5\u4e2d\u5fc3\u670d\u52a1\u5668\uff08\u6f14\u793a\u6a21\u5f0f\uff0c\u6216\u5c1a\u672a\u8054\u7f51\u767b\u5f55\uff09\uff0c\u4e0d\u4f1a\u540c\u6b65\u3002\u8054\u7f51\u767b\u5f55\u540e\uff0c\u8fd9\u91cc\u663e\u793a\u540c\u6b65\u60c5\u51b5\uff1b\u672c\u673a\u7684\u7533\u8bf7\u90fd\u5df2\u4fdd\u5b58\uff0c\u767b\u5f55\u540e\u4f1a\u81ea\u52a8\u4e0a\u4f20\u3002", None))
        self.serverCaption.setText(QCoreApplication.translate("SyncRoom", u"\u4e2d\u5fc3\u670d\u52a1\u5668\uff1a", None))
        self.stateCaption.setText(QCoreApplication.translate("SyncRoom", u"\u8fde\u63a5\u72b6\u6001\uff1a", None))
        self.pendingCaption.setText(QCoreApplication.translate("SyncRoom", u"\u5f85\u4e0a\u4f20\uff1a", None))
        self.lastSyncCaption.setText(QCoreApplication.translate("SyncRoom", u"\u4e0a\u6b21\u6210\u529f\u540c\u6b65\uff1a", None))
        self.errorCaption.setText(QCoreApplication.translate("SyncRoom", u"\u6700\u8fd1\u9519\u8bef\uff1a", None))
        self.outboxGroup.setTitle(QCoreApplication.translate("SyncRoom", u"\u5f85\u4e0a\u4f20\u548c\u9700\u5904\u7406\u7684\u8bb0\u5f55", None))
#if QT_CONFIG(accessibility)
        self.outboxView.setAccessibleName(QCoreApplication.translate("SyncRoom", u"\u5f85\u4e0a\u4f20\u548c\u9700\u5904\u7406\u7684\u8bb0\u5f55", None))
#endif // QT_CONFIG(accessibility)
        self.historyGroup.setTitle(QCoreApplication.translate("SyncRoom", u"\u672c\u6b21\u542f\u52a8\u4ee5\u6765\u7684\u540c\u6b65", None))
#if QT_CONFIG(accessibility)
        self.historyView.setAccessibleName(QCoreApplication.translate("SyncRoom", u"\u672c\u6b21\u542f\u52a8\u4ee5\u6765\u7684\u540c\u6b65", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

