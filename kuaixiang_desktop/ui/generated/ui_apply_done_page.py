# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'apply_done_page.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QHBoxLayout, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget, QWizardPage)

class Ui_ApplyDonePage(object):
    def setupUi(self, ApplyDonePage):
        if not ApplyDonePage.objectName():
            ApplyDonePage.setObjectName(u"ApplyDonePage")
        ApplyDonePage.resize(760, 480)
        self.doneLayout = QVBoxLayout(ApplyDonePage)
        self.doneLayout.setObjectName(u"doneLayout")
        self.statusLabel = QLabel(ApplyDonePage)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setText(u"")
        self.statusLabel.setWordWrap(True)
        self.statusLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.doneLayout.addWidget(self.statusLabel)

        self.doneForm = QFormLayout()
        self.doneForm.setObjectName(u"doneForm")
        self.receiptLabel = QLabel(ApplyDonePage)
        self.receiptLabel.setObjectName(u"receiptLabel")

        self.doneForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.receiptLabel)

        self.receiptValue = QLabel(ApplyDonePage)
        self.receiptValue.setObjectName(u"receiptValue")
        self.receiptValue.setText(u"")
        self.receiptValue.setWordWrap(True)
        self.receiptValue.setTextFormat(Qt.TextFormat.PlainText)
        self.receiptValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.doneForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.receiptValue)

        self.promisedLabel = QLabel(ApplyDonePage)
        self.promisedLabel.setObjectName(u"promisedLabel")

        self.doneForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.promisedLabel)

        self.promisedValue = QLabel(ApplyDonePage)
        self.promisedValue.setObjectName(u"promisedValue")
        self.promisedValue.setText(u"")
        self.promisedValue.setWordWrap(True)
        self.promisedValue.setTextFormat(Qt.TextFormat.PlainText)
        self.promisedValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.doneForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.promisedValue)

        self.deadlineLabel = QLabel(ApplyDonePage)
        self.deadlineLabel.setObjectName(u"deadlineLabel")

        self.doneForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.deadlineLabel)

        self.deadlineValue = QLabel(ApplyDonePage)
        self.deadlineValue.setObjectName(u"deadlineValue")
        self.deadlineValue.setText(u"")
        self.deadlineValue.setWordWrap(True)
        self.deadlineValue.setTextFormat(Qt.TextFormat.PlainText)
        self.deadlineValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.doneForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.deadlineValue)

        self.missingLabel = QLabel(ApplyDonePage)
        self.missingLabel.setObjectName(u"missingLabel")

        self.doneForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.missingLabel)

        self.missingValue = QLabel(ApplyDonePage)
        self.missingValue.setObjectName(u"missingValue")
        self.missingValue.setText(u"")
        self.missingValue.setWordWrap(True)
        self.missingValue.setTextFormat(Qt.TextFormat.PlainText)
        self.missingValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.doneForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.missingValue)

        self.applicationLabel = QLabel(ApplyDonePage)
        self.applicationLabel.setObjectName(u"applicationLabel")

        self.doneForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.applicationLabel)

        self.applicationValue = QLabel(ApplyDonePage)
        self.applicationValue.setObjectName(u"applicationValue")
        self.applicationValue.setText(u"")
        self.applicationValue.setWordWrap(True)
        self.applicationValue.setTextFormat(Qt.TextFormat.PlainText)
        self.applicationValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.doneForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.applicationValue)


        self.doneLayout.addLayout(self.doneForm)

        self.printLayout = QHBoxLayout()
        self.printLayout.setObjectName(u"printLayout")
        self.printReceiptButton = QPushButton(ApplyDonePage)
        self.printReceiptButton.setObjectName(u"printReceiptButton")
        self.printReceiptButton.setAutoDefault(False)

        self.printLayout.addWidget(self.printReceiptButton)

        self.printNoticeButton = QPushButton(ApplyDonePage)
        self.printNoticeButton.setObjectName(u"printNoticeButton")
        self.printNoticeButton.setAutoDefault(False)

        self.printLayout.addWidget(self.printNoticeButton)

        self.printPledgeButton = QPushButton(ApplyDonePage)
        self.printPledgeButton.setObjectName(u"printPledgeButton")
        self.printPledgeButton.setAutoDefault(False)

        self.printLayout.addWidget(self.printPledgeButton)

        self.printSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.printLayout.addItem(self.printSpacer)


        self.doneLayout.addLayout(self.printLayout)

        self.doneSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.doneLayout.addItem(self.doneSpacer)

        self.messageLabel = QLabel(ApplyDonePage)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setText(u"")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.doneLayout.addWidget(self.messageLabel)


        self.retranslateUi(ApplyDonePage)

        QMetaObject.connectSlotsByName(ApplyDonePage)
    # setupUi

    def retranslateUi(self, ApplyDonePage):
        ApplyDonePage.setTitle(QCoreApplication.translate("ApplyDonePage", u"\u529e\u7406\u5b8c\u6210", None))
        ApplyDonePage.setSubTitle(QCoreApplication.translate("ApplyDonePage", u"\u6253\u5370\u540e\u4ea4\u7ed9\u7ecf\u529e\u4eba\uff1b\u6309 Enter \u6216 Esc \u5173\u95ed\u3002", None))
        self.receiptLabel.setText(QCoreApplication.translate("ApplyDonePage", u"\u56de\u6267\u7f16\u53f7", None))
        self.promisedLabel.setText(QCoreApplication.translate("ApplyDonePage", u"\u627f\u8bfa\u529e\u7ed3", None))
        self.deadlineLabel.setText(QCoreApplication.translate("ApplyDonePage", u"\u8865\u4ea4\u671f\u9650", None))
        self.missingLabel.setText(QCoreApplication.translate("ApplyDonePage", u"\u7f3a\u5c11\u6750\u6599", None))
        self.applicationLabel.setText(QCoreApplication.translate("ApplyDonePage", u"\u7533\u8bf7\u7f16\u53f7", None))
        self.printReceiptButton.setText(QCoreApplication.translate("ApplyDonePage", u"\u6253\u5370\u56de\u6267 (Ctrl+P)", None))
#if QT_CONFIG(tooltip)
        self.printReceiptButton.setToolTip(QCoreApplication.translate("ApplyDonePage", u"\u6253\u5370\u53d7\u7406\u56de\u6267\uff0c\u4ea4\u7ed9\u7ecf\u529e\u4eba", None))
#endif // QT_CONFIG(tooltip)
        self.printNoticeButton.setText(QCoreApplication.translate("ApplyDonePage", u"\u6253\u5370\u4e00\u6b21\u6027\u544a\u77e5\u5355 (Ctrl+Shift+P)", None))
#if QT_CONFIG(tooltip)
        self.printNoticeButton.setToolTip(QCoreApplication.translate("ApplyDonePage", u"\u6253\u5370\u4e00\u6b21\u6027\u544a\u77e5\u5355\uff1a\u4e00\u6b21\u5217\u51fa\u5168\u90e8\u7f3a\u5c11\u7684\u6750\u6599", None))
#endif // QT_CONFIG(tooltip)
        self.printPledgeButton.setText(QCoreApplication.translate("ApplyDonePage", u"\u6253\u5370\u5bb9\u7f3a\u53d7\u7406\u627f\u8bfa\u4e66 (Ctrl+Shift+G)", None))
#if QT_CONFIG(tooltip)
        self.printPledgeButton.setToolTip(QCoreApplication.translate("ApplyDonePage", u"\u6253\u5370\u5bb9\u7f3a\u53d7\u7406\u627f\u8bfa\u4e66\uff1a\u4f01\u4e1a\u627f\u8bfa\u5728\u671f\u9650\u5185\u8865\u4ea4\u6240\u7f3a\u6750\u6599\uff0c\u7b7e\u5b57\u76d6\u7ae0\u540e\u7559\u5b58", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

