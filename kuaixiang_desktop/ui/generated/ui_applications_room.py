# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'applications_room.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QFrame,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QListView, QPushButton, QSizePolicy,
    QSpacerItem, QSplitter, QTableView, QTextBrowser,
    QVBoxLayout, QWidget)

class Ui_ApplicationsRoom(object):
    def setupUi(self, ApplicationsRoom):
        if not ApplicationsRoom.objectName():
            ApplicationsRoom.setObjectName(u"ApplicationsRoom")
        ApplicationsRoom.resize(1280, 680)
        self.roomLayout = QVBoxLayout(ApplicationsRoom)
        self.roomLayout.setSpacing(8)
        self.roomLayout.setObjectName(u"roomLayout")
        self.roomLayout.setContentsMargins(12, 12, 12, 6)
        self.filterRow = QHBoxLayout()
        self.filterRow.setSpacing(8)
        self.filterRow.setObjectName(u"filterRow")
        self.statusLabel = QLabel(ApplicationsRoom)
        self.statusLabel.setObjectName(u"statusLabel")

        self.filterRow.addWidget(self.statusLabel)

        self.statusCombo = QComboBox(ApplicationsRoom)
        self.statusCombo.setObjectName(u"statusCombo")
        self.statusCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.filterRow.addWidget(self.statusCombo)

        self.periodLabel = QLabel(ApplicationsRoom)
        self.periodLabel.setObjectName(u"periodLabel")

        self.filterRow.addWidget(self.periodLabel)

        self.periodCombo = QComboBox(ApplicationsRoom)
        self.periodCombo.setObjectName(u"periodCombo")
        self.periodCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.filterRow.addWidget(self.periodCombo)

        self.filterLabel = QLabel(ApplicationsRoom)
        self.filterLabel.setObjectName(u"filterLabel")

        self.filterRow.addWidget(self.filterLabel)

        self.filterEdit = QLineEdit(ApplicationsRoom)
        self.filterEdit.setObjectName(u"filterEdit")
        self.filterEdit.setMinimumSize(QSize(260, 0))
        self.filterEdit.setMaxLength(200)
        self.filterEdit.setClearButtonEnabled(True)

        self.filterRow.addWidget(self.filterEdit)

        self.countLabel = QLabel(ApplicationsRoom)
        self.countLabel.setObjectName(u"countLabel")
        self.countLabel.setText(u"")

        self.filterRow.addWidget(self.countLabel)

        self.refreshButton = QPushButton(ApplicationsRoom)
        self.refreshButton.setObjectName(u"refreshButton")

        self.filterRow.addWidget(self.refreshButton)

        self.filterRow.setStretch(5, 1)

        self.roomLayout.addLayout(self.filterRow)

        self.messageLabel = QLabel(ApplicationsRoom)
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

        self.draftsGroup = QGroupBox(ApplicationsRoom)
        self.draftsGroup.setObjectName(u"draftsGroup")
        self.draftsLayout = QVBoxLayout(self.draftsGroup)
        self.draftsLayout.setSpacing(2)
        self.draftsLayout.setObjectName(u"draftsLayout")
        self.draftsView = QListView(self.draftsGroup)
        self.draftsView.setObjectName(u"draftsView")
        self.draftsView.setMaximumSize(QSize(16777215, 120))
        self.draftsView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.draftsView.setAlternatingRowColors(True)

        self.draftsLayout.addWidget(self.draftsView)


        self.roomLayout.addWidget(self.draftsGroup)

        self.splitter = QSplitter(ApplicationsRoom)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.applicationsView = QTableView(self.splitter)
        self.applicationsView.setObjectName(u"applicationsView")
        self.applicationsView.setMinimumSize(QSize(520, 0))
        self.applicationsView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.applicationsView.setTabKeyNavigation(False)
        self.applicationsView.setAlternatingRowColors(True)
        self.applicationsView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.applicationsView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.applicationsView.setShowGrid(False)
        self.applicationsView.setWordWrap(False)
        self.splitter.addWidget(self.applicationsView)
        self.applicationsView.horizontalHeader().setHighlightSections(False)
        self.applicationsView.verticalHeader().setVisible(False)
        self.detailPanel = QWidget(self.splitter)
        self.detailPanel.setObjectName(u"detailPanel")
        self.detailPanel.setMinimumSize(QSize(380, 0))
        self.detailLayout = QVBoxLayout(self.detailPanel)
        self.detailLayout.setSpacing(6)
        self.detailLayout.setObjectName(u"detailLayout")
        self.detailLayout.setContentsMargins(0, 0, 0, 0)
        self.detailBrowser = QTextBrowser(self.detailPanel)
        self.detailBrowser.setObjectName(u"detailBrowser")
        self.detailBrowser.setOpenLinks(False)

        self.detailLayout.addWidget(self.detailBrowser)

        self.withdrawPanel = QFrame(self.detailPanel)
        self.withdrawPanel.setObjectName(u"withdrawPanel")
        self.withdrawPanel.setFrameShape(QFrame.Shape.StyledPanel)
        self.withdrawLayout = QHBoxLayout(self.withdrawPanel)
        self.withdrawLayout.setObjectName(u"withdrawLayout")
        self.reasonLabel = QLabel(self.withdrawPanel)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.withdrawLayout.addWidget(self.reasonLabel)

        self.reasonEdit = QLineEdit(self.withdrawPanel)
        self.reasonEdit.setObjectName(u"reasonEdit")
        self.reasonEdit.setMaxLength(200)

        self.withdrawLayout.addWidget(self.reasonEdit)

        self.confirmWithdrawButton = QPushButton(self.withdrawPanel)
        self.confirmWithdrawButton.setObjectName(u"confirmWithdrawButton")

        self.withdrawLayout.addWidget(self.confirmWithdrawButton)

        self.cancelWithdrawButton = QPushButton(self.withdrawPanel)
        self.cancelWithdrawButton.setObjectName(u"cancelWithdrawButton")

        self.withdrawLayout.addWidget(self.cancelWithdrawButton)

        self.withdrawLayout.setStretch(1, 1)

        self.detailLayout.addWidget(self.withdrawPanel)

        self.revealRow = QHBoxLayout()
        self.revealRow.setSpacing(8)
        self.revealRow.setObjectName(u"revealRow")
        self.revealButton = QPushButton(self.detailPanel)
        self.revealButton.setObjectName(u"revealButton")

        self.revealRow.addWidget(self.revealButton)

        self.revealSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.revealRow.addItem(self.revealSpacer)


        self.detailLayout.addLayout(self.revealRow)

        self.actionRow = QHBoxLayout()
        self.actionRow.setSpacing(8)
        self.actionRow.setObjectName(u"actionRow")
        self.printButton = QPushButton(self.detailPanel)
        self.printButton.setObjectName(u"printButton")

        self.actionRow.addWidget(self.printButton)

        self.enterpriseButton = QPushButton(self.detailPanel)
        self.enterpriseButton.setObjectName(u"enterpriseButton")

        self.actionRow.addWidget(self.enterpriseButton)

        self.actionSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.actionRow.addItem(self.actionSpacer)


        self.detailLayout.addLayout(self.actionRow)

        self.withdrawRow = QHBoxLayout()
        self.withdrawRow.setObjectName(u"withdrawRow")
        self.withdrawButton = QPushButton(self.detailPanel)
        self.withdrawButton.setObjectName(u"withdrawButton")

        self.withdrawRow.addWidget(self.withdrawButton)

        self.rateButton = QPushButton(self.detailPanel)
        self.rateButton.setObjectName(u"rateButton")

        self.withdrawRow.addWidget(self.rateButton)

        self.progressButton = QPushButton(self.detailPanel)
        self.progressButton.setObjectName(u"progressButton")

        self.withdrawRow.addWidget(self.progressButton)

        self.withdrawSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.withdrawRow.addItem(self.withdrawSpacer)


        self.detailLayout.addLayout(self.withdrawRow)

        self.detailLayout.setStretch(0, 1)
        self.splitter.addWidget(self.detailPanel)

        self.roomLayout.addWidget(self.splitter)

        self.roomLayout.setStretch(3, 1)
#if QT_CONFIG(shortcut)
        self.statusLabel.setBuddy(self.statusCombo)
        self.periodLabel.setBuddy(self.periodCombo)
        self.filterLabel.setBuddy(self.filterEdit)
        self.reasonLabel.setBuddy(self.reasonEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.statusCombo, self.periodCombo)
        QWidget.setTabOrder(self.periodCombo, self.filterEdit)
        QWidget.setTabOrder(self.filterEdit, self.refreshButton)
        QWidget.setTabOrder(self.refreshButton, self.applicationsView)
        QWidget.setTabOrder(self.applicationsView, self.detailBrowser)
        QWidget.setTabOrder(self.detailBrowser, self.reasonEdit)
        QWidget.setTabOrder(self.reasonEdit, self.confirmWithdrawButton)
        QWidget.setTabOrder(self.confirmWithdrawButton, self.cancelWithdrawButton)
        QWidget.setTabOrder(self.cancelWithdrawButton, self.revealButton)
        QWidget.setTabOrder(self.revealButton, self.printButton)
        QWidget.setTabOrder(self.printButton, self.enterpriseButton)
        QWidget.setTabOrder(self.enterpriseButton, self.withdrawButton)
        QWidget.setTabOrder(self.withdrawButton, self.rateButton)
        QWidget.setTabOrder(self.rateButton, self.progressButton)

        self.retranslateUi(ApplicationsRoom)

        QMetaObject.connectSlotsByName(ApplicationsRoom)
    # setupUi

    def retranslateUi(self, ApplicationsRoom):
        self.statusLabel.setText(QCoreApplication.translate("ApplicationsRoom", u"\u72b6\u6001(&S)", None))
#if QT_CONFIG(tooltip)
        self.statusCombo.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"\u53ea\u770b\u67d0\u4e00\u72b6\u6001\u7684\u7533\u8bf7\uff08Alt+S\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.periodLabel.setText(QCoreApplication.translate("ApplicationsRoom", u"\u65f6\u95f4(&T)", None))
#if QT_CONFIG(tooltip)
        self.periodCombo.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"\u6309\u7533\u8bf7\u65f6\u95f4\u7b5b\u9009\uff0c\u4ee5\u5317\u4eac\u65f6\u95f4\u8ba1\uff08Alt+T\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.filterLabel.setText(QCoreApplication.translate("ApplicationsRoom", u"\u67e5\u627e(&F)", None))
#if QT_CONFIG(tooltip)
        self.filterEdit.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"\u4f01\u4e1a\u540d\u79f0\u3001\u7edf\u4e00\u793e\u4f1a\u4fe1\u7528\u4ee3\u7801\u3001\u53d7\u7406\u53f7\u6216\u4e8b\u9879\u540d\u79f0\u7684\u4e00\u90e8\u5206\uff1b\u591a\u4e2a\u8bcd\u7528\u7a7a\u683c\u9694\u5f00\uff08Ctrl+F\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.filterEdit.setPlaceholderText(QCoreApplication.translate("ApplicationsRoom", u"\u4f01\u4e1a\u540d\u79f0\u3001\u4fe1\u7528\u4ee3\u7801\u3001\u53d7\u7406\u53f7\u6216\u4e8b\u9879\uff08Ctrl+F\uff09", None))
#if QT_CONFIG(tooltip)
        self.refreshButton.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"\u91cd\u65b0\u8bfb\u53d6\u7533\u8bf7\u5217\u8868\uff08Ctrl+Shift+R\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.refreshButton.setText(QCoreApplication.translate("ApplicationsRoom", u"\u5237\u65b0 (Ctrl+Shift+R)", None))
        self.draftsGroup.setTitle(QCoreApplication.translate("ApplicationsRoom", u"\u8349\u7a3f\uff08\u672c\u673a\u4fdd\u5b58\uff0c\u5c1a\u672a\u63d0\u4ea4\uff09", None))
#if QT_CONFIG(accessibility)
        self.draftsView.setAccessibleName(QCoreApplication.translate("ApplicationsRoom", u"\u672a\u5b8c\u6210\u7684\u7533\u8bf7\u8349\u7a3f", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.draftsView.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"Enter \u6216\u53cc\u51fb\u7ee7\u7eed\u586b\u5199\uff0cDelete \u653e\u5f03\u8fd9\u4efd\u8349\u7a3f", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.applicationsView.setAccessibleName(QCoreApplication.translate("ApplicationsRoom", u"\u7533\u8bf7\u5217\u8868", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.detailBrowser.setAccessibleName(QCoreApplication.translate("ApplicationsRoom", u"\u7533\u8bf7\u8be6\u60c5", None))
#endif // QT_CONFIG(accessibility)
        self.detailBrowser.setPlaceholderText(QCoreApplication.translate("ApplicationsRoom", u"\u9009\u4e2d\u4e00\u4efd\u7533\u8bf7\uff0c\u5728\u6b64\u67e5\u770b\u8be6\u60c5", None))
        self.reasonLabel.setText(QCoreApplication.translate("ApplicationsRoom", u"\u64a4\u56de\u539f\u56e0(&R)", None))
        self.reasonEdit.setPlaceholderText(QCoreApplication.translate("ApplicationsRoom", u"\u4f8b\u5982\uff1a\u4f01\u4e1a\u4e3b\u52a8\u64a4\u56de\uff08\u5fc5\u586b\uff09", None))
#if QT_CONFIG(tooltip)
        self.confirmWithdrawButton.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"\u786e\u8ba4\u64a4\u56de\u8fd9\u4efd\u7533\u8bf7\uff08Enter\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.confirmWithdrawButton.setText(QCoreApplication.translate("ApplicationsRoom", u"\u786e\u8ba4\u64a4\u56de", None))
#if QT_CONFIG(tooltip)
        self.cancelWithdrawButton.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"\u4e0d\u64a4\u56de\uff08Esc\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.cancelWithdrawButton.setText(QCoreApplication.translate("ApplicationsRoom", u"\u53d6\u6d88", None))
#if QT_CONFIG(tooltip)
        self.revealButton.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"\u663e\u793a\u7ecf\u529e\u4eba\u7684\u5b8c\u6574\u8bc1\u4ef6\u53f7\u7801\u548c\u624b\u673a\u53f7\u7801\uff1a\u987b\u518d\u6b21\u8f93\u5165\u5bc6\u7801\u5e76\u5199\u660e\u539f\u56e0\uff0c\u8bb0\u5165\u5ba1\u8ba1\u65e5\u5fd7\uff08Ctrl+Shift+I\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.revealButton.setText(QCoreApplication.translate("ApplicationsRoom", u"\u67e5\u770b\u7ecf\u529e\u4eba\u5b8c\u6574\u4fe1\u606f\u2026 (Ctrl+Shift+I)", None))
#if QT_CONFIG(tooltip)
        self.printButton.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"\u6309\u8bbe\u7f6e\u7684\u7eb8\u5f20\u518d\u6253\u5370\u4e00\u4efd\u53d7\u7406\u56de\u6267\uff0c\u56de\u6267\u4e0a\u6ce8\u660e\u201c\u8865\u6253\u201d\uff08Ctrl+P\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.printButton.setText(QCoreApplication.translate("ApplicationsRoom", u"\u8865\u6253\u56de\u6267 (Ctrl+P)", None))
#if QT_CONFIG(tooltip)
        self.enterpriseButton.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"\u5728\u7a97\u53e3\u670d\u52a1\u4e2d\u6253\u5f00\u8fd9\u5bb6\u4f01\u4e1a\uff08Ctrl+O\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.enterpriseButton.setText(QCoreApplication.translate("ApplicationsRoom", u"\u6253\u5f00\u4f01\u4e1a (Ctrl+O)", None))
#if QT_CONFIG(tooltip)
        self.withdrawButton.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"\u64a4\u56de\u8fd9\u4efd\u7533\u8bf7\uff0c\u987b\u5199\u660e\u539f\u56e0\uff08Ctrl+D\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.withdrawButton.setText(QCoreApplication.translate("ApplicationsRoom", u"\u64a4\u56de\u7533\u8bf7\u2026 (Ctrl+D)", None))
#if QT_CONFIG(tooltip)
        self.rateButton.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"\u628a\u8bc4\u4ef7\u5c4f\u8f6c\u5411\u4f01\u4e1a\uff08\u6216\u663e\u793a\u5728\u7b2c\u4e8c\u5c4f\u4e0a\uff09\uff0c\u7531\u4f01\u4e1a\u672c\u4eba\u8bc4\u4ef7\u8fd9\u4ef6\u529e\u4ef6\uff1b\u7a97\u53e3\u4eba\u5458\u4e0d\u80fd\u4ee3\u8bc4", None))
#endif // QT_CONFIG(tooltip)
        self.rateButton.setText(QCoreApplication.translate("ApplicationsRoom", u"\u8bf7\u4f01\u4e1a\u8bc4\u4ef7\u2026", None))
#if QT_CONFIG(tooltip)
        self.progressButton.setToolTip(QCoreApplication.translate("ApplicationsRoom", u"\u6253\u5370\u529e\u7406\u8fdb\u5ea6\u544a\u77e5\u5355\uff1a\u5ba1\u6838\u3001\u8865\u6b63\u3001\u516c\u793a\u3001\u62e8\u4ed8\uff0c\u4ee5\u6700\u8fd1\u4e00\u6b21\u540c\u6b65\u4e3a\u51c6", None))
#endif // QT_CONFIG(tooltip)
        self.progressButton.setText(QCoreApplication.translate("ApplicationsRoom", u"\u6253\u5370\u529e\u7406\u8fdb\u5ea6", None))
        pass
    # retranslateUi

