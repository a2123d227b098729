# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'outreach_room.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDateEdit, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton,
    QSizePolicy, QTableView, QVBoxLayout, QWidget)

class Ui_OutreachRoom(object):
    def setupUi(self, OutreachRoom):
        if not OutreachRoom.objectName():
            OutreachRoom.setObjectName(u"OutreachRoom")
        OutreachRoom.resize(1280, 680)
        self.roomLayout = QVBoxLayout(OutreachRoom)
        self.roomLayout.setSpacing(8)
        self.roomLayout.setObjectName(u"roomLayout")
        self.roomLayout.setContentsMargins(12, 12, 12, 6)
        self.itemRow = QHBoxLayout()
        self.itemRow.setSpacing(8)
        self.itemRow.setObjectName(u"itemRow")
        self.itemLabel = QLabel(OutreachRoom)
        self.itemLabel.setObjectName(u"itemLabel")

        self.itemRow.addWidget(self.itemLabel)

        self.itemEdit = QLineEdit(OutreachRoom)
        self.itemEdit.setObjectName(u"itemEdit")
        self.itemEdit.setMaxLength(300)
        self.itemEdit.setClearButtonEnabled(True)

        self.itemRow.addWidget(self.itemEdit)

        self.asOfLabel = QLabel(OutreachRoom)
        self.asOfLabel.setObjectName(u"asOfLabel")

        self.itemRow.addWidget(self.asOfLabel)

        self.asOfEdit = QDateEdit(OutreachRoom)
        self.asOfEdit.setObjectName(u"asOfEdit")
        self.asOfEdit.setCalendarPopup(True)
        self.asOfEdit.setDisplayFormat(u"yyyy-MM-dd")

        self.itemRow.addWidget(self.asOfEdit)

        self.findButton = QPushButton(OutreachRoom)
        self.findButton.setObjectName(u"findButton")

        self.itemRow.addWidget(self.findButton)

        self.exportButton = QPushButton(OutreachRoom)
        self.exportButton.setObjectName(u"exportButton")

        self.itemRow.addWidget(self.exportButton)

        self.itemRow.setStretch(1, 1)

        self.roomLayout.addLayout(self.itemRow)

        self.summaryLabel = QLabel(OutreachRoom)
        self.summaryLabel.setObjectName(u"summaryLabel")
        self.summaryLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.summaryLabel.setWordWrap(True)
        self.summaryLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.roomLayout.addWidget(self.summaryLabel)

        self.messageLabel = QLabel(OutreachRoom)
        self.messageLabel.setObjectName(u"messageLabel")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.messageLabel.sizePolicy().hasHeightForWidth())
        self.messageLabel.setSizePolicy(sizePolicy)
        self.messageLabel.setText(u"")
        self.messageLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.roomLayout.addWidget(self.messageLabel)

        self.enterprisesView = QTableView(OutreachRoom)
        self.enterprisesView.setObjectName(u"enterprisesView")
        self.enterprisesView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.enterprisesView.setTabKeyNavigation(False)
        self.enterprisesView.setAlternatingRowColors(True)
        self.enterprisesView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.enterprisesView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.enterprisesView.setShowGrid(False)
        self.enterprisesView.setWordWrap(False)
        self.enterprisesView.horizontalHeader().setHighlightSections(False)
        self.enterprisesView.verticalHeader().setVisible(False)

        self.roomLayout.addWidget(self.enterprisesView)

        self.roomLayout.setStretch(3, 1)
#if QT_CONFIG(shortcut)
        self.itemLabel.setBuddy(self.itemEdit)
        self.asOfLabel.setBuddy(self.asOfEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.itemEdit, self.asOfEdit)
        QWidget.setTabOrder(self.asOfEdit, self.findButton)
        QWidget.setTabOrder(self.findButton, self.exportButton)
        QWidget.setTabOrder(self.exportButton, self.enterprisesView)

        self.retranslateUi(OutreachRoom)

        QMetaObject.connectSlotsByName(OutreachRoom)
    # setupUi

    def retranslateUi(self, OutreachRoom):
        self.itemLabel.setText(QCoreApplication.translate("OutreachRoom", u"\u653f\u7b56\u4e8b\u9879(&I)", None))
#if QT_CONFIG(tooltip)
        self.itemEdit.setToolTip(QCoreApplication.translate("OutreachRoom", u"\u8f93\u5165\u4e8b\u9879\u540d\u79f0\u6216\u7f16\u53f7\u7684\u4e00\u90e8\u5206\uff0c\u4ece\u5217\u8868\u4e2d\u9009\u62e9\u540e\u6309 Enter \u67e5\u627e\u7b26\u5408\u6761\u4ef6\u7684\u4f01\u4e1a\uff08Ctrl+F\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.itemEdit.setPlaceholderText(QCoreApplication.translate("OutreachRoom", u"\u8f93\u5165\u4e8b\u9879\u540d\u79f0\u6216\u7f16\u53f7\uff0c\u9009\u62e9\u540e\u6309 Enter\uff08Ctrl+F\uff09", None))
        self.asOfLabel.setText(QCoreApplication.translate("OutreachRoom", u"\u5224\u5b9a\u65e5\u671f(&A)", None))
#if QT_CONFIG(tooltip)
        self.asOfEdit.setToolTip(QCoreApplication.translate("OutreachRoom", u"\u6309\u54ea\u4e00\u5929\u7684\u653f\u7b56\u548c\u4f01\u4e1a\u8d44\u8d28\u5224\u5b9a\uff08Alt+A\uff09", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(tooltip)
        self.findButton.setToolTip(QCoreApplication.translate("OutreachRoom", u"\u67e5\u627e\u7b26\u5408\u6240\u9009\u4e8b\u9879\u6761\u4ef6\u7684\u4f01\u4e1a\uff08Enter\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.findButton.setText(QCoreApplication.translate("OutreachRoom", u"\u67e5\u627e\u4f01\u4e1a", None))
#if QT_CONFIG(tooltip)
        self.exportButton.setToolTip(QCoreApplication.translate("OutreachRoom", u"\u628a\u7b26\u5408\u6761\u4ef6\u7684\u5168\u90e8\u4f01\u4e1a\u5bfc\u51fa\u4e3a Excel \u5de5\u4f5c\u7c3f\uff08Ctrl+E\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.exportButton.setText(QCoreApplication.translate("OutreachRoom", u"\u5bfc\u51fa Excel (Ctrl+E)", None))
        self.summaryLabel.setText(QCoreApplication.translate("OutreachRoom", u"\u9009\u62e9\u4e00\u4e2a\u653f\u7b56\u4e8b\u9879\uff0c\u67e5\u627e\u7b26\u5408\u5176\u6761\u4ef6\u7684\u4f01\u4e1a\uff0c\u53ef\u5bfc\u51fa Excel \u540d\u5355\u4e0a\u95e8\u6216\u7535\u8bdd\u544a\u77e5\u3002", None))
#if QT_CONFIG(accessibility)
        self.enterprisesView.setAccessibleName(QCoreApplication.translate("OutreachRoom", u"\u7b26\u5408\u6761\u4ef6\u7684\u4f01\u4e1a", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.enterprisesView.setToolTip(QCoreApplication.translate("OutreachRoom", u"Enter \u6216\u53cc\u51fb\uff1a\u5728\u7a97\u53e3\u670d\u52a1\u4e2d\u6253\u5f00\u8fd9\u5bb6\u4f01\u4e1a", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

