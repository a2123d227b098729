# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'apply_review_page.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QDateEdit, QFormLayout,
    QGroupBox, QHBoxLayout, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget,
    QWizardPage)

class Ui_ApplyReviewPage(object):
    def setupUi(self, ApplyReviewPage):
        if not ApplyReviewPage.objectName():
            ApplyReviewPage.setObjectName(u"ApplyReviewPage")
        ApplyReviewPage.resize(760, 480)
        self.reviewLayout = QVBoxLayout(ApplyReviewPage)
        self.reviewLayout.setObjectName(u"reviewLayout")
        self.reviewForm = QFormLayout()
        self.reviewForm.setObjectName(u"reviewForm")
        self.enterpriseLabel = QLabel(ApplyReviewPage)
        self.enterpriseLabel.setObjectName(u"enterpriseLabel")

        self.reviewForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.enterpriseLabel)

        self.enterpriseValue = QLabel(ApplyReviewPage)
        self.enterpriseValue.setObjectName(u"enterpriseValue")
        self.enterpriseValue.setText(u"")
        self.enterpriseValue.setWordWrap(True)
        self.enterpriseValue.setTextFormat(Qt.TextFormat.PlainText)
        self.enterpriseValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.reviewForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.enterpriseValue)

        self.itemLabel = QLabel(ApplyReviewPage)
        self.itemLabel.setObjectName(u"itemLabel")

        self.reviewForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.itemLabel)

        self.itemValue = QLabel(ApplyReviewPage)
        self.itemValue.setObjectName(u"itemValue")
        self.itemValue.setText(u"")
        self.itemValue.setWordWrap(True)
        self.itemValue.setTextFormat(Qt.TextFormat.PlainText)
        self.itemValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.reviewForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.itemValue)

        self.benefitLabel = QLabel(ApplyReviewPage)
        self.benefitLabel.setObjectName(u"benefitLabel")

        self.reviewForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.benefitLabel)

        self.benefitValue = QLabel(ApplyReviewPage)
        self.benefitValue.setObjectName(u"benefitValue")
        self.benefitValue.setText(u"")
        self.benefitValue.setWordWrap(True)
        self.benefitValue.setTextFormat(Qt.TextFormat.PlainText)
        self.benefitValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.reviewForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.benefitValue)

        self.receivedLabel = QLabel(ApplyReviewPage)
        self.receivedLabel.setObjectName(u"receivedLabel")

        self.reviewForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.receivedLabel)

        self.receivedValue = QLabel(ApplyReviewPage)
        self.receivedValue.setObjectName(u"receivedValue")
        self.receivedValue.setText(u"")
        self.receivedValue.setWordWrap(True)
        self.receivedValue.setTextFormat(Qt.TextFormat.PlainText)
        self.receivedValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.reviewForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.receivedValue)

        self.missingLabel = QLabel(ApplyReviewPage)
        self.missingLabel.setObjectName(u"missingLabel")

        self.reviewForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.missingLabel)

        self.missingValue = QLabel(ApplyReviewPage)
        self.missingValue.setObjectName(u"missingValue")
        self.missingValue.setText(u"")
        self.missingValue.setWordWrap(True)
        self.missingValue.setTextFormat(Qt.TextFormat.PlainText)
        self.missingValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.reviewForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.missingValue)

        self.agentLabel = QLabel(ApplyReviewPage)
        self.agentLabel.setObjectName(u"agentLabel")

        self.reviewForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.agentLabel)

        self.agentValue = QLabel(ApplyReviewPage)
        self.agentValue.setObjectName(u"agentValue")
        self.agentValue.setText(u"")
        self.agentValue.setWordWrap(True)
        self.agentValue.setTextFormat(Qt.TextFormat.PlainText)
        self.agentValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.reviewForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.agentValue)


        self.reviewLayout.addLayout(self.reviewForm)

        self.authorisationGroup = QGroupBox(ApplyReviewPage)
        self.authorisationGroup.setObjectName(u"authorisationGroup")
        self.authorisationLayout = QVBoxLayout(self.authorisationGroup)
        self.authorisationLayout.setObjectName(u"authorisationLayout")
        self.authorisationNote = QLabel(self.authorisationGroup)
        self.authorisationNote.setObjectName(u"authorisationNote")
        self.authorisationNote.setText(u"")
        self.authorisationNote.setWordWrap(True)
        self.authorisationNote.setTextFormat(Qt.TextFormat.PlainText)

        self.authorisationLayout.addWidget(self.authorisationNote)

        self.legalRepBox = QCheckBox(self.authorisationGroup)
        self.legalRepBox.setObjectName(u"legalRepBox")

        self.authorisationLayout.addWidget(self.legalRepBox)

        self.onFileBox = QCheckBox(self.authorisationGroup)
        self.onFileBox.setObjectName(u"onFileBox")
        self.onFileBox.setText(u"")

        self.authorisationLayout.addWidget(self.onFileBox)

        self.authorisationRow = QHBoxLayout()
        self.authorisationRow.setObjectName(u"authorisationRow")
        self.receivedBox = QCheckBox(self.authorisationGroup)
        self.receivedBox.setObjectName(u"receivedBox")

        self.authorisationRow.addWidget(self.receivedBox)

        self.untilEdit = QDateEdit(self.authorisationGroup)
        self.untilEdit.setObjectName(u"untilEdit")
        self.untilEdit.setCalendarPopup(True)
        self.untilEdit.setDisplayFormat(u"yyyy-MM-dd")

        self.authorisationRow.addWidget(self.untilEdit)

        self.printAuthorisationButton = QPushButton(self.authorisationGroup)
        self.printAuthorisationButton.setObjectName(u"printAuthorisationButton")
        self.printAuthorisationButton.setAutoDefault(False)

        self.authorisationRow.addWidget(self.printAuthorisationButton)

        self.authorisationSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.authorisationRow.addItem(self.authorisationSpacer)


        self.authorisationLayout.addLayout(self.authorisationRow)


        self.reviewLayout.addWidget(self.authorisationGroup)

        self.outcomeLabel = QLabel(ApplyReviewPage)
        self.outcomeLabel.setObjectName(u"outcomeLabel")
        self.outcomeLabel.setText(u"")
        self.outcomeLabel.setWordWrap(True)
        self.outcomeLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.reviewLayout.addWidget(self.outcomeLabel)

        self.reviewSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.reviewLayout.addItem(self.reviewSpacer)

        self.messageLabel = QLabel(ApplyReviewPage)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setText(u"")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.reviewLayout.addWidget(self.messageLabel)


        self.retranslateUi(ApplyReviewPage)

        QMetaObject.connectSlotsByName(ApplyReviewPage)
    # setupUi

    def retranslateUi(self, ApplyReviewPage):
        ApplyReviewPage.setTitle(QCoreApplication.translate("ApplyReviewPage", u"\u6838\u5bf9", None))
        ApplyReviewPage.setSubTitle(QCoreApplication.translate("ApplyReviewPage", u"\u8bf7\u4e0e\u7ecf\u529e\u4eba\u6838\u5bf9\u4ee5\u4e0b\u5185\u5bb9\uff1b\u6309 Enter \u529e\u7406\u3002", None))
        self.enterpriseLabel.setText(QCoreApplication.translate("ApplyReviewPage", u"\u4f01\u4e1a", None))
        self.itemLabel.setText(QCoreApplication.translate("ApplyReviewPage", u"\u4e8b\u9879", None))
        self.benefitLabel.setText(QCoreApplication.translate("ApplyReviewPage", u"\u9884\u8ba1\u4eab\u53d7", None))
        self.receivedLabel.setText(QCoreApplication.translate("ApplyReviewPage", u"\u5df2\u6536\u6750\u6599", None))
        self.missingLabel.setText(QCoreApplication.translate("ApplyReviewPage", u"\u7f3a\u5c11\u6750\u6599", None))
        self.agentLabel.setText(QCoreApplication.translate("ApplyReviewPage", u"\u7ecf\u529e\u4eba", None))
        self.authorisationGroup.setTitle(QCoreApplication.translate("ApplyReviewPage", u"\u6388\u6743\u59d4\u6258\u4e66", None))
        self.legalRepBox.setText(QCoreApplication.translate("ApplyReviewPage", u"\u7ecf\u529e\u4eba\u662f\u6cd5\u5b9a\u4ee3\u8868\u4eba\u672c\u4eba\uff08\u5df2\u6838\u5bf9\u8eab\u4efd\u8bc1\u4ef6\uff09", None))
        self.receivedBox.setText(QCoreApplication.translate("ApplyReviewPage", u"\u5df2\u6536\u53d6\u7b7e\u5b57\u76d6\u7ae0\u7684\u6388\u6743\u59d4\u6258\u4e66\uff0c\u59d4\u6258\u671f\u9650\u81f3", None))
        self.printAuthorisationButton.setText(QCoreApplication.translate("ApplyReviewPage", u"\u6253\u5370\u6388\u6743\u59d4\u6258\u4e66 (Ctrl+Shift+W)", None))
#if QT_CONFIG(tooltip)
        self.printAuthorisationButton.setToolTip(QCoreApplication.translate("ApplyReviewPage", u"\u6253\u5370\u5df2\u586b\u597d\u4f01\u4e1a\u3001\u7ecf\u529e\u4eba\u548c\u4e8b\u9879\u7684\u6388\u6743\u59d4\u6258\u4e66\uff0c\u8bf7\u4f01\u4e1a\u6cd5\u5b9a\u4ee3\u8868\u4eba\u7b7e\u5b57\u5e76\u52a0\u76d6\u516c\u7ae0", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

