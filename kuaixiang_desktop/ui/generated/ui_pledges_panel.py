# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'pledges_panel.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QSizePolicy,
    QSpacerItem, QTableView, QVBoxLayout, QWidget)

class Ui_PledgesPanel(object):
    def setupUi(self, PledgesPanel):
        if not PledgesPanel.objectName():
            PledgesPanel.setObjectName(u"PledgesPanel")
        PledgesPanel.resize(900, 200)
        self.pledgesLayout = QVBoxLayout(PledgesPanel)
        self.pledgesLayout.setSpacing(2)
        self.pledgesLayout.setObjectName(u"pledgesLayout")
        self.pledgesView = QTableView(PledgesPanel)
        self.pledgesView.setObjectName(u"pledgesView")
        self.pledgesView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pledgesView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pledgesView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pledgesView.setAlternatingRowColors(True)
        self.pledgesView.setTabKeyNavigation(False)

        self.pledgesLayout.addWidget(self.pledgesView)

        self.pledgesRow = QHBoxLayout()
        self.pledgesRow.setObjectName(u"pledgesRow")
        self.summaryLabel = QLabel(PledgesPanel)
        self.summaryLabel.setObjectName(u"summaryLabel")
        self.summaryLabel.setText(u"")

        self.pledgesRow.addWidget(self.summaryLabel)

        self.pledgesSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.pledgesRow.addItem(self.pledgesSpacer)

        self.receiveButton = QPushButton(PledgesPanel)
        self.receiveButton.setObjectName(u"receiveButton")
        self.receiveButton.setAutoDefault(False)

        self.pledgesRow.addWidget(self.receiveButton)


        self.pledgesLayout.addLayout(self.pledgesRow)


        self.retranslateUi(PledgesPanel)

        QMetaObject.connectSlotsByName(PledgesPanel)
    # setupUi

    def retranslateUi(self, PledgesPanel):
        PledgesPanel.setTitle(QCoreApplication.translate("PledgesPanel", u"\u5f85\u8865\u6b63\uff08\u5bb9\u7f3a\u53d7\u7406\u540e\u5f85\u8865\u4ea4\u7684\u6750\u6599\uff0c\u6309\u671f\u9650\u6392\u5e8f\uff09", None))
#if QT_CONFIG(accessibility)
        self.pledgesView.setAccessibleName(QCoreApplication.translate("PledgesPanel", u"\u5f85\u8865\u6b63\u7684\u5bb9\u7f3a\u6750\u6599", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.pledgesView.setToolTip(QCoreApplication.translate("PledgesPanel", u"\u9009\u4e2d\u4e00\u884c\u67e5\u770b\u7533\u8bf7\uff1bCtrl+Shift+M \u6536\u53d6\u8fd9\u9879\u8865\u4ea4\u6750\u6599", None))
#endif // QT_CONFIG(tooltip)
        self.receiveButton.setText(QCoreApplication.translate("PledgesPanel", u"\u6536\u53d6\u8865\u4ea4\u6750\u6599\u2026 (Ctrl+Shift+M)", None))
#if QT_CONFIG(tooltip)
        self.receiveButton.setToolTip(QCoreApplication.translate("PledgesPanel", u"\u9009\u62e9\u6240\u9009\u6750\u6599\u7684\u626b\u63cf\u4ef6\uff0c\u6536\u53d6\u540e\u8be5\u9879\u4e0d\u518d\u5f85\u8865\uff1b\u5168\u90e8\u8865\u9f50\u5373\u7ed3\u6e05\u5bb9\u7f3a\u627f\u8bfa", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

