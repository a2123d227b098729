# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'policy_panel.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView,
    QLabel, QPushButton, QSizePolicy, QStackedWidget,
    QTreeView, QVBoxLayout, QWidget)

class Ui_PolicyPanel(object):
    def setupUi(self, PolicyPanel):
        if not PolicyPanel.objectName():
            PolicyPanel.setObjectName(u"PolicyPanel")
        PolicyPanel.resize(720, 560)
        self.panelLayout = QVBoxLayout(PolicyPanel)
        self.panelLayout.setSpacing(6)
        self.panelLayout.setObjectName(u"panelLayout")
        self.panelLayout.setContentsMargins(0, 0, 0, 0)
        self.headerRow = QHBoxLayout()
        self.headerRow.setSpacing(8)
        self.headerRow.setObjectName(u"headerRow")
        self.summaryLabel = QLabel(PolicyPanel)
        self.summaryLabel.setObjectName(u"summaryLabel")
        font = QFont()
        font.setBold(True)
        self.summaryLabel.setFont(font)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.summaryLabel.sizePolicy().hasHeightForWidth())
        self.summaryLabel.setSizePolicy(sizePolicy)
        self.summaryLabel.setText(u"")
        self.summaryLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.summaryLabel.setWordWrap(True)

        self.headerRow.addWidget(self.summaryLabel)

        self.applyButton = QPushButton(PolicyPanel)
        self.applyButton.setObjectName(u"applyButton")
        self.applyButton.setEnabled(False)

        self.headerRow.addWidget(self.applyButton)

        self.printButton = QPushButton(PolicyPanel)
        self.printButton.setObjectName(u"printButton")
        self.printButton.setEnabled(False)

        self.headerRow.addWidget(self.printButton)


        self.panelLayout.addLayout(self.headerRow)

        self.messageLabel = QLabel(PolicyPanel)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setVisible(False)
        self.messageLabel.setText(u"")
        self.messageLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.messageLabel.setWordWrap(True)

        self.panelLayout.addWidget(self.messageLabel)

        self.stack = QStackedWidget(PolicyPanel)
        self.stack.setObjectName(u"stack")
        self.placeholderPage = QWidget()
        self.placeholderPage.setObjectName(u"placeholderPage")
        self.placeholderLayout = QVBoxLayout(self.placeholderPage)
        self.placeholderLayout.setObjectName(u"placeholderLayout")
        self.placeholderLabel = QLabel(self.placeholderPage)
        self.placeholderLabel.setObjectName(u"placeholderLabel")
        self.placeholderLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholderLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholderLabel.setWordWrap(True)

        self.placeholderLayout.addWidget(self.placeholderLabel)

        self.stack.addWidget(self.placeholderPage)
        self.treePage = QWidget()
        self.treePage.setObjectName(u"treePage")
        self.treeLayout = QVBoxLayout(self.treePage)
        self.treeLayout.setSpacing(6)
        self.treeLayout.setObjectName(u"treeLayout")
        self.treeLayout.setContentsMargins(0, 0, 0, 0)
        self.policyTree = QTreeView(self.treePage)
        self.policyTree.setObjectName(u"policyTree")
        self.policyTree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.policyTree.setAlternatingRowColors(False)
        self.policyTree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.policyTree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.policyTree.setUniformRowHeights(True)
        self.policyTree.setExpandsOnDoubleClick(False)

        self.treeLayout.addWidget(self.policyTree)

        self.hintLabel = QLabel(self.treePage)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setText(u"")
        self.hintLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.hintLabel.setWordWrap(True)
        self.hintLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.treeLayout.addWidget(self.hintLabel)

        self.stack.addWidget(self.treePage)

        self.panelLayout.addWidget(self.stack)


        self.retranslateUi(PolicyPanel)

        self.stack.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(PolicyPanel)
    # setupUi

    def retranslateUi(self, PolicyPanel):
#if QT_CONFIG(tooltip)
        self.applyButton.setToolTip(QCoreApplication.translate("PolicyPanel", u"\u4e3a\u4f01\u4e1a\u4ee3\u529e\u9009\u4e2d\u7684\u4e8b\u9879\uff08Enter\u3001\u53cc\u51fb\u6216 Ctrl+Enter\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.applyButton.setText(QCoreApplication.translate("PolicyPanel", u"\u7533\u8bf7 (Ctrl+Enter)", None))
#if QT_CONFIG(tooltip)
        self.printButton.setToolTip(QCoreApplication.translate("PolicyPanel", u"\u6253\u5370\u8be5\u4f01\u4e1a\u53ef\u4eab\u653f\u7b56\u3001\u9884\u8ba1\u91d1\u989d\u548c\u7533\u8bf7\u6750\u6599\u7684\u6e05\u5355\uff08Ctrl+Shift+P\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.printButton.setText(QCoreApplication.translate("PolicyPanel", u"\u6253\u5370\u4e00\u4f01\u4e00\u7b56\u6e05\u5355 (Ctrl+Shift+P)", None))
        self.placeholderLabel.setText(QCoreApplication.translate("PolicyPanel", u"\u9009\u4e2d\u4e00\u5bb6\u4f01\u4e1a\u540e\uff0c\u8fd9\u91cc\u5217\u51fa\u5b83\u53ef\u4ee5\u4eab\u53d7\u7684\u653f\u7b56\uff1a\u514d\u7533\u5373\u4eab\u3001\u53ef\u7533\u8bf7\u3001\u9700\u6838\u5b9e\u548c\u5dee\u4e00\u9879\u6761\u4ef6\u7684\u4e8b\u9879\uff0c\u4ee5\u53ca\u6bcf\u9879\u7684\u5224\u65ad\u4f9d\u636e\u3002", None))
#if QT_CONFIG(accessibility)
        self.policyTree.setAccessibleName(QCoreApplication.translate("PolicyPanel", u"\u53ef\u4eab\u53d7\u7684\u653f\u7b56\u4e8b\u9879", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.policyTree.setToolTip(QCoreApplication.translate("PolicyPanel", u"\u2192 \u5c55\u5f00\u5224\u65ad\u4f9d\u636e\uff0c\u2190 \u6536\u8d77\uff1bEnter \u7533\u8bf7\u9009\u4e2d\u7684\u4e8b\u9879", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

