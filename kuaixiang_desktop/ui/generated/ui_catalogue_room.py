# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'catalogue_room.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton,
    QSizePolicy, QSpacerItem, QSplitter, QTableView,
    QTextBrowser, QVBoxLayout, QWidget)

class Ui_CatalogueRoom(object):
    def setupUi(self, CatalogueRoom):
        if not CatalogueRoom.objectName():
            CatalogueRoom.setObjectName(u"CatalogueRoom")
        CatalogueRoom.resize(1280, 680)
        self.roomLayout = QVBoxLayout(CatalogueRoom)
        self.roomLayout.setSpacing(8)
        self.roomLayout.setObjectName(u"roomLayout")
        self.roomLayout.setContentsMargins(12, 12, 12, 6)
        self.filterRow = QHBoxLayout()
        self.filterRow.setSpacing(8)
        self.filterRow.setObjectName(u"filterRow")
        self.searchLabel = QLabel(CatalogueRoom)
        self.searchLabel.setObjectName(u"searchLabel")

        self.filterRow.addWidget(self.searchLabel)

        self.searchEdit = QLineEdit(CatalogueRoom)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setMaxLength(200)
        self.searchEdit.setClearButtonEnabled(True)

        self.filterRow.addWidget(self.searchEdit)

        self.modeLabel = QLabel(CatalogueRoom)
        self.modeLabel.setObjectName(u"modeLabel")

        self.filterRow.addWidget(self.modeLabel)

        self.modeCombo = QComboBox(CatalogueRoom)
        self.modeCombo.setObjectName(u"modeCombo")
        self.modeCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.filterRow.addWidget(self.modeCombo)

        self.departmentLabel = QLabel(CatalogueRoom)
        self.departmentLabel.setObjectName(u"departmentLabel")

        self.filterRow.addWidget(self.departmentLabel)

        self.departmentCombo = QComboBox(CatalogueRoom)
        self.departmentCombo.setObjectName(u"departmentCombo")
        self.departmentCombo.setMinimumSize(QSize(220, 0))
        self.departmentCombo.setEditable(True)
        self.departmentCombo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.departmentCombo.setMaxVisibleItems(20)

        self.filterRow.addWidget(self.departmentCombo)

        self.countLabel = QLabel(CatalogueRoom)
        self.countLabel.setObjectName(u"countLabel")
        self.countLabel.setText(u"")

        self.filterRow.addWidget(self.countLabel)

        self.filterRow.setStretch(1, 1)

        self.roomLayout.addLayout(self.filterRow)

        self.messageLabel = QLabel(CatalogueRoom)
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

        self.splitter = QSplitter(CatalogueRoom)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.itemsView = QTableView(self.splitter)
        self.itemsView.setObjectName(u"itemsView")
        self.itemsView.setMinimumSize(QSize(480, 0))
        self.itemsView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.itemsView.setTabKeyNavigation(False)
        self.itemsView.setAlternatingRowColors(True)
        self.itemsView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.itemsView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.itemsView.setShowGrid(False)
        self.itemsView.setWordWrap(False)
        self.splitter.addWidget(self.itemsView)
        self.itemsView.horizontalHeader().setHighlightSections(False)
        self.itemsView.verticalHeader().setVisible(False)
        self.detailPanel = QWidget(self.splitter)
        self.detailPanel.setObjectName(u"detailPanel")
        self.detailPanel.setMinimumSize(QSize(380, 0))
        self.detailLayout = QVBoxLayout(self.detailPanel)
        self.detailLayout.setSpacing(6)
        self.detailLayout.setObjectName(u"detailLayout")
        self.detailLayout.setContentsMargins(0, 0, 0, 0)
        self.itemBrowser = QTextBrowser(self.detailPanel)
        self.itemBrowser.setObjectName(u"itemBrowser")
        self.itemBrowser.setOpenLinks(False)

        self.detailLayout.addWidget(self.itemBrowser)

        self.actionRow = QHBoxLayout()
        self.actionRow.setObjectName(u"actionRow")
        self.outreachButton = QPushButton(self.detailPanel)
        self.outreachButton.setObjectName(u"outreachButton")

        self.actionRow.addWidget(self.outreachButton)

        self.actionSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.actionRow.addItem(self.actionSpacer)


        self.detailLayout.addLayout(self.actionRow)

        self.detailLayout.setStretch(0, 1)
        self.splitter.addWidget(self.detailPanel)

        self.roomLayout.addWidget(self.splitter)

        self.roomLayout.setStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.searchLabel.setBuddy(self.searchEdit)
        self.modeLabel.setBuddy(self.modeCombo)
        self.departmentLabel.setBuddy(self.departmentCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.searchEdit, self.modeCombo)
        QWidget.setTabOrder(self.modeCombo, self.departmentCombo)
        QWidget.setTabOrder(self.departmentCombo, self.itemsView)
        QWidget.setTabOrder(self.itemsView, self.itemBrowser)
        QWidget.setTabOrder(self.itemBrowser, self.outreachButton)

        self.retranslateUi(CatalogueRoom)

        QMetaObject.connectSlotsByName(CatalogueRoom)
    # setupUi

    def retranslateUi(self, CatalogueRoom):
        self.searchLabel.setText(QCoreApplication.translate("CatalogueRoom", u"\u67e5\u627e\u4e8b\u9879(&F)", None))
#if QT_CONFIG(tooltip)
        self.searchEdit.setToolTip(QCoreApplication.translate("CatalogueRoom", u"\u4e8b\u9879\u540d\u79f0\u3001\u7f16\u53f7\u3001\u4e3b\u7ba1\u90e8\u95e8\u3001\u6587\u53f7\u6216\u7c7b\u522b\u4e2d\u7684\u5b57\u8bcd\uff0c\u591a\u4e2a\u8bcd\u7528\u7a7a\u683c\u9694\u5f00\uff08Ctrl+F\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.searchEdit.setPlaceholderText(QCoreApplication.translate("CatalogueRoom", u"\u4e8b\u9879\u540d\u79f0\u3001\u7f16\u53f7\u3001\u90e8\u95e8\u3001\u6587\u53f7\u6216\u7c7b\u522b\uff08Ctrl+F\uff09", None))
        self.modeLabel.setText(QCoreApplication.translate("CatalogueRoom", u"\u65b9\u5f0f(&M)", None))
#if QT_CONFIG(tooltip)
        self.modeCombo.setToolTip(QCoreApplication.translate("CatalogueRoom", u"\u514d\u7533\u5373\u4eab\u3001\u7f51\u4e0a\u7533\u8bf7\u6216\u7a97\u53e3\u7533\u8bf7\uff08Alt+M\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.departmentLabel.setText(QCoreApplication.translate("CatalogueRoom", u"\u90e8\u95e8(&D)", None))
#if QT_CONFIG(tooltip)
        self.departmentCombo.setToolTip(QCoreApplication.translate("CatalogueRoom", u"\u53ea\u770b\u4e00\u4e2a\u4e3b\u7ba1\u90e8\u95e8\u7684\u4e8b\u9879\uff1b\u53ef\u8f93\u5165\u90e8\u95e8\u540d\u79f0\u7684\u4e00\u90e8\u5206\uff08Alt+D\uff09", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.itemsView.setAccessibleName(QCoreApplication.translate("CatalogueRoom", u"\u653f\u7b56\u4e8b\u9879\u5217\u8868", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.itemBrowser.setAccessibleName(QCoreApplication.translate("CatalogueRoom", u"\u4e8b\u9879\u8be6\u60c5", None))
#endif // QT_CONFIG(accessibility)
        self.itemBrowser.setPlaceholderText(QCoreApplication.translate("CatalogueRoom", u"\u9009\u4e2d\u4e00\u4e2a\u4e8b\u9879\uff0c\u5728\u6b64\u67e5\u770b\u5168\u6587", None))
#if QT_CONFIG(tooltip)
        self.outreachButton.setToolTip(QCoreApplication.translate("CatalogueRoom", u"\u5217\u51fa\u7b26\u5408\u8fd9\u4e2a\u4e8b\u9879\u6761\u4ef6\u7684\u4f01\u4e1a\uff0c\u53ef\u5bfc\u51fa Excel\uff08Ctrl+R\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.outreachButton.setText(QCoreApplication.translate("CatalogueRoom", u"\u627e\u4f01\u4e1a (Ctrl+R)", None))
        pass
    # retranslateUi

