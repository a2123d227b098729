# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'workspace_room.ui'
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
    QLabel, QLineEdit, QSizePolicy, QSplitter,
    QTableView, QVBoxLayout, QWidget)

from kuaixiang_desktop.ui.enterprise_card import EnterpriseCard

class Ui_WorkspaceRoom(object):
    def setupUi(self, WorkspaceRoom):
        if not WorkspaceRoom.objectName():
            WorkspaceRoom.setObjectName(u"WorkspaceRoom")
        self.workspaceLayout = QVBoxLayout(WorkspaceRoom)
        self.workspaceLayout.setSpacing(8)
        self.workspaceLayout.setObjectName(u"workspaceLayout")
        self.workspaceLayout.setContentsMargins(12, 10, 12, 6)
        self.searchRow = QHBoxLayout()
        self.searchRow.setSpacing(10)
        self.searchRow.setObjectName(u"searchRow")
        self.searchLabel = QLabel(WorkspaceRoom)
        self.searchLabel.setObjectName(u"searchLabel")

        self.searchRow.addWidget(self.searchLabel)

        self.searchEdit = QLineEdit(WorkspaceRoom)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setMinimumSize(QSize(0, 36))
        self.searchEdit.setMaxLength(512)
        self.searchEdit.setClearButtonEnabled(True)

        self.searchRow.addWidget(self.searchEdit)


        self.workspaceLayout.addLayout(self.searchRow)

        self.messageLabel = QLabel(WorkspaceRoom)
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

        self.workspaceLayout.addWidget(self.messageLabel)

        self.splitter = QSplitter(WorkspaceRoom)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.leftSplitter = QSplitter(self.splitter)
        self.leftSplitter.setObjectName(u"leftSplitter")
        self.leftSplitter.setOrientation(Qt.Orientation.Vertical)
        self.leftSplitter.setChildrenCollapsible(False)
        self.resultsView = QTableView(self.leftSplitter)
        self.resultsView.setObjectName(u"resultsView")
        self.resultsView.setMinimumSize(QSize(360, 100))
        self.resultsView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.resultsView.setTabKeyNavigation(False)
        self.resultsView.setAlternatingRowColors(True)
        self.resultsView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.resultsView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.resultsView.setShowGrid(False)
        self.resultsView.setWordWrap(False)
        self.leftSplitter.addWidget(self.resultsView)
        self.resultsView.horizontalHeader().setHighlightSections(False)
        self.resultsView.verticalHeader().setVisible(False)
        self.enterpriseCard = EnterpriseCard(self.leftSplitter)
        self.enterpriseCard.setObjectName(u"enterpriseCard")
        self.enterpriseCard.setMinimumSize(QSize(360, 200))
        self.leftSplitter.addWidget(self.enterpriseCard)
        self.splitter.addWidget(self.leftSplitter)

        self.workspaceLayout.addWidget(self.splitter)

        self.workspaceLayout.setStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.searchLabel.setBuddy(self.searchEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.searchEdit, self.resultsView)

        self.retranslateUi(WorkspaceRoom)

        QMetaObject.connectSlotsByName(WorkspaceRoom)
    # setupUi

    def retranslateUi(self, WorkspaceRoom):
        self.searchLabel.setText(QCoreApplication.translate("WorkspaceRoom", u"\u67e5\u627e\u4f01\u4e1a (F2)", None))
#if QT_CONFIG(tooltip)
        self.searchEdit.setToolTip(QCoreApplication.translate("WorkspaceRoom", u"\u53ef\u8f93\u5165\u6216\u626b\u63cf\u7edf\u4e00\u793e\u4f1a\u4fe1\u7528\u4ee3\u7801\u3001\u8425\u4e1a\u6267\u7167\u4e8c\u7ef4\u7801\uff0c\u4e5f\u53ef\u8f93\u5165\u4f01\u4e1a\u540d\u79f0\u7684\u4e00\u90e8\u5206\u3001\u62fc\u97f3\u9996\u5b57\u6bcd\u6216\u6cd5\u5b9a\u4ee3\u8868\u4eba\u59d3\u540d\uff08F2\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.searchEdit.setPlaceholderText(QCoreApplication.translate("WorkspaceRoom", u"\u8f93\u5165\u7edf\u4e00\u793e\u4f1a\u4fe1\u7528\u4ee3\u7801\u3001\u4f01\u4e1a\u540d\u79f0\u3001\u62fc\u97f3\u9996\u5b57\u6bcd\u6216\u6cd5\u5b9a\u4ee3\u8868\u4eba", None))
#if QT_CONFIG(accessibility)
        self.resultsView.setAccessibleName(QCoreApplication.translate("WorkspaceRoom", u"\u67e5\u627e\u7ed3\u679c", None))
#endif // QT_CONFIG(accessibility)
        pass
    # retranslateUi

