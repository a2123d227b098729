# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'enterprise_card.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QFormLayout, QFrame,
    QGroupBox, QHBoxLayout, QLabel, QListWidget,
    QListWidgetItem, QScrollArea, QSizePolicy, QSpacerItem,
    QStackedWidget, QVBoxLayout, QWidget)

class Ui_EnterpriseCard(object):
    def setupUi(self, EnterpriseCard):
        if not EnterpriseCard.objectName():
            EnterpriseCard.setObjectName(u"EnterpriseCard")
        EnterpriseCard.resize(440, 640)
        self.cardLayout = QVBoxLayout(EnterpriseCard)
        self.cardLayout.setObjectName(u"cardLayout")
        self.cardLayout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(EnterpriseCard)
        self.stack.setObjectName(u"stack")
        self.placeholderPage = QWidget()
        self.placeholderPage.setObjectName(u"placeholderPage")
        self.placeholderLayout = QVBoxLayout(self.placeholderPage)
        self.placeholderLayout.setObjectName(u"placeholderLayout")
        self.placeholderLabel = QLabel(self.placeholderPage)
        self.placeholderLabel.setObjectName(u"placeholderLabel")
        self.placeholderLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholderLabel.setWordWrap(True)

        self.placeholderLayout.addWidget(self.placeholderLabel)

        self.stack.addWidget(self.placeholderPage)
        self.detailPage = QWidget()
        self.detailPage.setObjectName(u"detailPage")
        self.detailLayout = QVBoxLayout(self.detailPage)
        self.detailLayout.setObjectName(u"detailLayout")
        self.detailLayout.setContentsMargins(0, 0, 0, 0)
        self.scrollArea = QScrollArea(self.detailPage)
        self.scrollArea.setObjectName(u"scrollArea")
        self.scrollArea.setFrameShape(QFrame.Shape.NoFrame)
        self.scrollArea.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scrollArea.setWidgetResizable(True)
        self.scrollContents = QWidget()
        self.scrollContents.setObjectName(u"scrollContents")
        self.scrollContents.setGeometry(QRect(0, 0, 440, 640))
        self.contentsLayout = QVBoxLayout(self.scrollContents)
        self.contentsLayout.setSpacing(10)
        self.contentsLayout.setObjectName(u"contentsLayout")
        self.nameLabel = QLabel(self.scrollContents)
        self.nameLabel.setObjectName(u"nameLabel")
        self.nameLabel.setText(u"")
        self.nameLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.nameLabel.setWordWrap(True)
        self.nameLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.contentsLayout.addWidget(self.nameLabel)

        self.badgeRow = QHBoxLayout()
        self.badgeRow.setSpacing(6)
        self.badgeRow.setObjectName(u"badgeRow")
        self.sizeBadge = QLabel(self.scrollContents)
        self.sizeBadge.setObjectName(u"sizeBadge")
        self.sizeBadge.setText(u"")
        self.sizeBadge.setProperty(u"badge", u"size")

        self.badgeRow.addWidget(self.sizeBadge)

        self.dishonestBadge = QLabel(self.scrollContents)
        self.dishonestBadge.setObjectName(u"dishonestBadge")
        self.dishonestBadge.setProperty(u"badge", u"alert")

        self.badgeRow.addWidget(self.dishonestBadge)

        self.badgeSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.badgeRow.addItem(self.badgeSpacer)


        self.contentsLayout.addLayout(self.badgeRow)

        self.basicGroup = QGroupBox(self.scrollContents)
        self.basicGroup.setObjectName(u"basicGroup")
        self.basicForm = QFormLayout(self.basicGroup)
        self.basicForm.setObjectName(u"basicForm")
        self.basicForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.basicForm.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)
        self.basicForm.setHorizontalSpacing(14)
        self.basicForm.setVerticalSpacing(6)
        self.codeLabel = QLabel(self.basicGroup)
        self.codeLabel.setObjectName(u"codeLabel")

        self.basicForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.codeLabel)

        self.codeValue = QLabel(self.basicGroup)
        self.codeValue.setObjectName(u"codeValue")
        self.codeValue.setText(u"\u2014")
        self.codeValue.setTextFormat(Qt.TextFormat.PlainText)
        self.codeValue.setWordWrap(True)
        self.codeValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.basicForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.codeValue)

        self.legalRepLabel = QLabel(self.basicGroup)
        self.legalRepLabel.setObjectName(u"legalRepLabel")

        self.basicForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.legalRepLabel)

        self.legalRepValue = QLabel(self.basicGroup)
        self.legalRepValue.setObjectName(u"legalRepValue")
        self.legalRepValue.setText(u"\u2014")
        self.legalRepValue.setTextFormat(Qt.TextFormat.PlainText)
        self.legalRepValue.setWordWrap(True)
        self.legalRepValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.basicForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.legalRepValue)

        self.regionLabel = QLabel(self.basicGroup)
        self.regionLabel.setObjectName(u"regionLabel")

        self.basicForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.regionLabel)

        self.regionValue = QLabel(self.basicGroup)
        self.regionValue.setObjectName(u"regionValue")
        self.regionValue.setText(u"\u2014")
        self.regionValue.setTextFormat(Qt.TextFormat.PlainText)
        self.regionValue.setWordWrap(True)
        self.regionValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.basicForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.regionValue)

        self.industryLabel = QLabel(self.basicGroup)
        self.industryLabel.setObjectName(u"industryLabel")

        self.basicForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.industryLabel)

        self.industryValue = QLabel(self.basicGroup)
        self.industryValue.setObjectName(u"industryValue")
        self.industryValue.setText(u"\u2014")
        self.industryValue.setTextFormat(Qt.TextFormat.PlainText)
        self.industryValue.setWordWrap(True)
        self.industryValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.basicForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.industryValue)

        self.establishedLabel = QLabel(self.basicGroup)
        self.establishedLabel.setObjectName(u"establishedLabel")

        self.basicForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.establishedLabel)

        self.establishedValue = QLabel(self.basicGroup)
        self.establishedValue.setObjectName(u"establishedValue")
        self.establishedValue.setText(u"\u2014")
        self.establishedValue.setTextFormat(Qt.TextFormat.PlainText)
        self.establishedValue.setWordWrap(True)
        self.establishedValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.basicForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.establishedValue)

        self.employeesLabel = QLabel(self.basicGroup)
        self.employeesLabel.setObjectName(u"employeesLabel")

        self.basicForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.employeesLabel)

        self.employeesValue = QLabel(self.basicGroup)
        self.employeesValue.setObjectName(u"employeesValue")
        self.employeesValue.setText(u"\u2014")
        self.employeesValue.setTextFormat(Qt.TextFormat.PlainText)
        self.employeesValue.setWordWrap(True)
        self.employeesValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.basicForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.employeesValue)

        self.revenueLabel = QLabel(self.basicGroup)
        self.revenueLabel.setObjectName(u"revenueLabel")

        self.basicForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.revenueLabel)

        self.revenueValue = QLabel(self.basicGroup)
        self.revenueValue.setObjectName(u"revenueValue")
        self.revenueValue.setText(u"\u2014")
        self.revenueValue.setTextFormat(Qt.TextFormat.PlainText)
        self.revenueValue.setWordWrap(True)
        self.revenueValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.basicForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.revenueValue)

        self.assetsLabel = QLabel(self.basicGroup)
        self.assetsLabel.setObjectName(u"assetsLabel")

        self.basicForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.assetsLabel)

        self.assetsValue = QLabel(self.basicGroup)
        self.assetsValue.setObjectName(u"assetsValue")
        self.assetsValue.setText(u"\u2014")
        self.assetsValue.setTextFormat(Qt.TextFormat.PlainText)
        self.assetsValue.setWordWrap(True)
        self.assetsValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.basicForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.assetsValue)

        self.sizeClassLabel = QLabel(self.basicGroup)
        self.sizeClassLabel.setObjectName(u"sizeClassLabel")

        self.basicForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.sizeClassLabel)

        self.sizeClassValue = QLabel(self.basicGroup)
        self.sizeClassValue.setObjectName(u"sizeClassValue")
        self.sizeClassValue.setText(u"\u2014")
        self.sizeClassValue.setTextFormat(Qt.TextFormat.PlainText)
        self.sizeClassValue.setWordWrap(True)
        self.sizeClassValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.basicForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.sizeClassValue)

        self.taxRatingLabel = QLabel(self.basicGroup)
        self.taxRatingLabel.setObjectName(u"taxRatingLabel")

        self.basicForm.setWidget(9, QFormLayout.ItemRole.LabelRole, self.taxRatingLabel)

        self.taxRatingValue = QLabel(self.basicGroup)
        self.taxRatingValue.setObjectName(u"taxRatingValue")
        self.taxRatingValue.setText(u"\u2014")
        self.taxRatingValue.setTextFormat(Qt.TextFormat.PlainText)
        self.taxRatingValue.setWordWrap(True)
        self.taxRatingValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.basicForm.setWidget(9, QFormLayout.ItemRole.FieldRole, self.taxRatingValue)

        self.dishonestLabel = QLabel(self.basicGroup)
        self.dishonestLabel.setObjectName(u"dishonestLabel")

        self.basicForm.setWidget(10, QFormLayout.ItemRole.LabelRole, self.dishonestLabel)

        self.dishonestValue = QLabel(self.basicGroup)
        self.dishonestValue.setObjectName(u"dishonestValue")
        self.dishonestValue.setText(u"\u2014")
        self.dishonestValue.setTextFormat(Qt.TextFormat.PlainText)
        self.dishonestValue.setWordWrap(True)
        self.dishonestValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.basicForm.setWidget(10, QFormLayout.ItemRole.FieldRole, self.dishonestValue)

        self.phoneLabel = QLabel(self.basicGroup)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.basicForm.setWidget(11, QFormLayout.ItemRole.LabelRole, self.phoneLabel)

        self.phoneValue = QLabel(self.basicGroup)
        self.phoneValue.setObjectName(u"phoneValue")
        self.phoneValue.setText(u"\u2014")
        self.phoneValue.setTextFormat(Qt.TextFormat.PlainText)
        self.phoneValue.setWordWrap(True)
        self.phoneValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.basicForm.setWidget(11, QFormLayout.ItemRole.FieldRole, self.phoneValue)


        self.contentsLayout.addWidget(self.basicGroup)

        self.tagsGroup = QGroupBox(self.scrollContents)
        self.tagsGroup.setObjectName(u"tagsGroup")
        self.tagsLayout = QVBoxLayout(self.tagsGroup)
        self.tagsLayout.setSpacing(4)
        self.tagsLayout.setObjectName(u"tagsLayout")

        self.contentsLayout.addWidget(self.tagsGroup)

        self.appsGroup = QGroupBox(self.scrollContents)
        self.appsGroup.setObjectName(u"appsGroup")
        self.appsLayout = QVBoxLayout(self.appsGroup)
        self.appsLayout.setSpacing(4)
        self.appsLayout.setObjectName(u"appsLayout")
        self.pledgesLabel = QLabel(self.appsGroup)
        self.pledgesLabel.setObjectName(u"pledgesLabel")
        self.pledgesLabel.setText(u"")
        self.pledgesLabel.setWordWrap(True)
        self.pledgesLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.appsLayout.addWidget(self.pledgesLabel)

        self.appsList = QListWidget(self.appsGroup)
        self.appsList.setObjectName(u"appsList")
        self.appsList.setFrameShape(QFrame.Shape.NoFrame)
        self.appsList.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.appsList.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.appsList.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.appsList.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.appsList.setSpacing(3)

        self.appsLayout.addWidget(self.appsList)

        self.appsEmptyLabel = QLabel(self.appsGroup)
        self.appsEmptyLabel.setObjectName(u"appsEmptyLabel")
        self.appsEmptyLabel.setProperty(u"muted", True)

        self.appsLayout.addWidget(self.appsEmptyLabel)

        self.appsMoreLabel = QLabel(self.appsGroup)
        self.appsMoreLabel.setObjectName(u"appsMoreLabel")
        self.appsMoreLabel.setText(u"")
        self.appsMoreLabel.setWordWrap(True)
        self.appsMoreLabel.setProperty(u"muted", True)

        self.appsLayout.addWidget(self.appsMoreLabel)


        self.contentsLayout.addWidget(self.appsGroup)

        self.factsGroup = QGroupBox(self.scrollContents)
        self.factsGroup.setObjectName(u"factsGroup")
        self.factsForm = QFormLayout(self.factsGroup)
        self.factsForm.setObjectName(u"factsForm")
        self.factsForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.factsForm.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)
        self.factsForm.setHorizontalSpacing(14)
        self.factsForm.setVerticalSpacing(6)

        self.contentsLayout.addWidget(self.factsGroup)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.contentsLayout.addItem(self.bottomSpacer)

        self.scrollArea.setWidget(self.scrollContents)

        self.detailLayout.addWidget(self.scrollArea)

        self.stack.addWidget(self.detailPage)

        self.cardLayout.addWidget(self.stack)

#if QT_CONFIG(shortcut)
        self.codeLabel.setBuddy(self.codeValue)
        self.legalRepLabel.setBuddy(self.legalRepValue)
        self.regionLabel.setBuddy(self.regionValue)
        self.industryLabel.setBuddy(self.industryValue)
        self.establishedLabel.setBuddy(self.establishedValue)
        self.employeesLabel.setBuddy(self.employeesValue)
        self.revenueLabel.setBuddy(self.revenueValue)
        self.assetsLabel.setBuddy(self.assetsValue)
        self.sizeClassLabel.setBuddy(self.sizeClassValue)
        self.taxRatingLabel.setBuddy(self.taxRatingValue)
        self.dishonestLabel.setBuddy(self.dishonestValue)
        self.phoneLabel.setBuddy(self.phoneValue)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(EnterpriseCard)

        self.stack.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(EnterpriseCard)
    # setupUi

    def retranslateUi(self, EnterpriseCard):
        self.placeholderLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u5728\u4e0a\u65b9\u8f93\u5165\u7edf\u4e00\u793e\u4f1a\u4fe1\u7528\u4ee3\u7801\u3001\u4f01\u4e1a\u540d\u79f0\u3001\u62fc\u97f3\u9996\u5b57\u6bcd\u6216\u6cd5\u5b9a\u4ee3\u8868\u4eba\u67e5\u627e\u4f01\u4e1a\uff1b\u9009\u4e2d\u4e00\u5bb6\u4f01\u4e1a\u540e\uff0c\u8fd9\u91cc\u663e\u793a\u5b83\u7684\u4fe1\u606f\u3002", None))
#if QT_CONFIG(accessibility)
        self.scrollArea.setAccessibleName(QCoreApplication.translate("EnterpriseCard", u"\u4f01\u4e1a\u4fe1\u606f\u5361", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.dishonestBadge.setToolTip(QCoreApplication.translate("EnterpriseCard", u"\u8be5\u4f01\u4e1a\u88ab\u5217\u5165\u5931\u4fe1\u4e3b\u4f53\u540d\u5355", None))
#endif // QT_CONFIG(tooltip)
        self.dishonestBadge.setText(QCoreApplication.translate("EnterpriseCard", u"\u5931\u4fe1", None))
        self.basicGroup.setTitle(QCoreApplication.translate("EnterpriseCard", u"\u57fa\u672c\u4fe1\u606f", None))
        self.codeLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u7edf\u4e00\u793e\u4f1a\u4fe1\u7528\u4ee3\u7801", None))
        self.legalRepLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u6cd5\u5b9a\u4ee3\u8868\u4eba", None))
        self.regionLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u6240\u5728\u5730", None))
        self.industryLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u6240\u5c5e\u884c\u4e1a", None))
        self.establishedLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u6210\u7acb\u65e5\u671f", None))
        self.employeesLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u4ece\u4e1a\u4eba\u6570", None))
        self.revenueLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u8425\u4e1a\u6536\u5165", None))
        self.assetsLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u8d44\u4ea7\u603b\u989d", None))
        self.sizeClassLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u4f01\u4e1a\u89c4\u6a21", None))
        self.taxRatingLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u7eb3\u7a0e\u4fe1\u7528\u7b49\u7ea7", None))
        self.dishonestLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u5931\u4fe1\u8bb0\u5f55", None))
        self.phoneLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u8054\u7cfb\u7535\u8bdd", None))
        self.tagsGroup.setTitle(QCoreApplication.translate("EnterpriseCard", u"\u8d44\u8d28\u6807\u7b7e", None))
        self.appsGroup.setTitle(QCoreApplication.translate("EnterpriseCard", u"\u529e\u7406\u8bb0\u5f55", None))
#if QT_CONFIG(accessibility)
        self.pledgesLabel.setAccessibleName(QCoreApplication.translate("EnterpriseCard", u"\u5bb9\u7f3a\u5f85\u8865\u7684\u6750\u6599", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.appsList.setAccessibleName(QCoreApplication.translate("EnterpriseCard", u"\u672c\u4f01\u4e1a\u7684\u7533\u8bf7", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.appsList.setToolTip(QCoreApplication.translate("EnterpriseCard", u"\u5355\u51fb\u6216\u6309 Enter \u6253\u5f00\u8fd9\u6761\u7533\u8bf7", None))
#endif // QT_CONFIG(tooltip)
        self.appsEmptyLabel.setText(QCoreApplication.translate("EnterpriseCard", u"\u6682\u65e0\u529e\u7406\u8bb0\u5f55", None))
        self.factsGroup.setTitle(QCoreApplication.translate("EnterpriseCard", u"\u90e8\u95e8\u6570\u636e", None))
        pass
    # retranslateUi

