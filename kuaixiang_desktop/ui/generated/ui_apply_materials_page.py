# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'apply_materials_page.ui'
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
    QLabel, QPushButton, QSizePolicy, QSpacerItem,
    QTableView, QVBoxLayout, QWidget, QWizardPage)

class Ui_ApplyMaterialsPage(object):
    def setupUi(self, ApplyMaterialsPage):
        if not ApplyMaterialsPage.objectName():
            ApplyMaterialsPage.setObjectName(u"ApplyMaterialsPage")
        ApplyMaterialsPage.resize(760, 480)
        self.materialsLayout = QVBoxLayout(ApplyMaterialsPage)
        self.materialsLayout.setObjectName(u"materialsLayout")
        self.contextLabel = QLabel(ApplyMaterialsPage)
        self.contextLabel.setObjectName(u"contextLabel")
        self.contextLabel.setText(u"")
        self.contextLabel.setWordWrap(True)
        self.contextLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.materialsLayout.addWidget(self.contextLabel)

        self.materialsView = QTableView(ApplyMaterialsPage)
        self.materialsView.setObjectName(u"materialsView")
        self.materialsView.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed|QAbstractItemView.EditTrigger.DoubleClicked|QAbstractItemView.EditTrigger.EditKeyPressed|QAbstractItemView.EditTrigger.SelectedClicked)
        self.materialsView.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.materialsView.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.materialsView.setAlternatingRowColors(True)
        self.materialsView.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.materialsView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.materialsView.setTabKeyNavigation(False)
        self.materialsView.setWordWrap(False)

        self.materialsLayout.addWidget(self.materialsView)

        self.hintLabel = QLabel(ApplyMaterialsPage)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)
        self.hintLabel.setProperty(u"muted", True)

        self.materialsLayout.addWidget(self.hintLabel)

        self.buttonsLayout = QHBoxLayout()
        self.buttonsLayout.setObjectName(u"buttonsLayout")
        self.allReceivedButton = QPushButton(ApplyMaterialsPage)
        self.allReceivedButton.setObjectName(u"allReceivedButton")
        self.allReceivedButton.setAutoDefault(False)

        self.buttonsLayout.addWidget(self.allReceivedButton)

        self.attachButton = QPushButton(ApplyMaterialsPage)
        self.attachButton.setObjectName(u"attachButton")
        self.attachButton.setAutoDefault(False)

        self.buttonsLayout.addWidget(self.attachButton)

        self.scanButton = QPushButton(ApplyMaterialsPage)
        self.scanButton.setObjectName(u"scanButton")
        self.scanButton.setAutoDefault(False)

        self.buttonsLayout.addWidget(self.scanButton)

        self.cameraButton = QPushButton(ApplyMaterialsPage)
        self.cameraButton.setObjectName(u"cameraButton")
        self.cameraButton.setAutoDefault(False)

        self.buttonsLayout.addWidget(self.cameraButton)

        self.removeButton = QPushButton(ApplyMaterialsPage)
        self.removeButton.setObjectName(u"removeButton")
        self.removeButton.setAutoDefault(False)

        self.buttonsLayout.addWidget(self.removeButton)

        self.buttonsSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonsLayout.addItem(self.buttonsSpacer)


        self.materialsLayout.addLayout(self.buttonsLayout)

        self.messageLabel = QLabel(ApplyMaterialsPage)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setText(u"")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.materialsLayout.addWidget(self.messageLabel)


        self.retranslateUi(ApplyMaterialsPage)

        QMetaObject.connectSlotsByName(ApplyMaterialsPage)
    # setupUi

    def retranslateUi(self, ApplyMaterialsPage):
        ApplyMaterialsPage.setTitle(QCoreApplication.translate("ApplyMaterialsPage", u"\u6536\u53d6\u6750\u6599", None))
        ApplyMaterialsPage.setSubTitle(QCoreApplication.translate("ApplyMaterialsPage", u"\u9010\u9879\u6838\u5bf9\u4f01\u4e1a\u4ea4\u6765\u7684\u6750\u6599\uff1a\u52fe\u9009\u5df2\u6536\u53d6\uff0c\u6838\u5bf9\u539f\u4ef6\u3001\u590d\u5370\u4ef6\u4efd\u6570\uff0c\u9700\u8981\u65f6\u6dfb\u52a0\u626b\u63cf\u4ef6\u3002", None))
#if QT_CONFIG(accessibility)
        self.materialsView.setAccessibleName(QCoreApplication.translate("ApplyMaterialsPage", u"\u7533\u8bf7\u6750\u6599\u6e05\u5355", None))
#endif // QT_CONFIG(accessibility)
        self.hintLabel.setText(QCoreApplication.translate("ApplyMaterialsPage", u"\u7a7a\u683c\u952e\uff1a\u5207\u6362\u5f53\u524d\u6750\u6599\u662f\u5426\u5df2\u6536\u53d6\uff1b\u628a\u626b\u63cf\u4ef6\u62d6\u5230\u6750\u6599\u884c\u4e0a\u5373\u53ef\u4f5c\u4e3a\u9644\u4ef6\uff08PDF\u3001JPEG\u3001PNG\u3001OFD\uff0c20 MB \u4ee5\u5185\uff09\u3002", None))
        self.allReceivedButton.setText(QCoreApplication.translate("ApplyMaterialsPage", u"\u5168\u90e8\u5df2\u6536\u53d6 (Ctrl+Shift+A)", None))
#if QT_CONFIG(tooltip)
        self.allReceivedButton.setToolTip(QCoreApplication.translate("ApplyMaterialsPage", u"\u4f01\u4e1a\u4ea4\u6765\u4e86\u5168\u90e8\u6750\u6599\uff1a\u628a\u6bcf\u4e00\u9879\u90fd\u6807\u4e3a\u5df2\u6536\u53d6", None))
#endif // QT_CONFIG(tooltip)
        self.attachButton.setText(QCoreApplication.translate("ApplyMaterialsPage", u"\u6dfb\u52a0\u9644\u4ef6\u2026 (Ctrl+O)", None))
#if QT_CONFIG(tooltip)
        self.attachButton.setToolTip(QCoreApplication.translate("ApplyMaterialsPage", u"\u4e3a\u9009\u4e2d\u7684\u6750\u6599\u9009\u62e9\u626b\u63cf\u4ef6\u6587\u4ef6", None))
#endif // QT_CONFIG(tooltip)
        self.scanButton.setText(QCoreApplication.translate("ApplyMaterialsPage", u"\u4ece\u626b\u63cf\u4eea\u5bfc\u5165 (Ctrl+I)", None))
#if QT_CONFIG(tooltip)
        self.scanButton.setToolTip(QCoreApplication.translate("ApplyMaterialsPage", u"\u628a\u626b\u63cf\u4eea\u6587\u4ef6\u5939\u91cc\u6700\u65b0\u7684\u6587\u4ef6\u4f5c\u4e3a\u9009\u4e2d\u6750\u6599\u7684\u9644\u4ef6", None))
#endif // QT_CONFIG(tooltip)
        self.cameraButton.setText(QCoreApplication.translate("ApplyMaterialsPage", u"\u9ad8\u62cd\u4eea\u62cd\u6444 (F6)", None))
#if QT_CONFIG(tooltip)
        self.cameraButton.setToolTip(QCoreApplication.translate("ApplyMaterialsPage", u"\u7528\u9ad8\u62cd\u4eea\u62cd\u4e0b\u653e\u597d\u7684\u4e00\u9875\uff0c\u88c1\u8fb9\u6446\u6b63\u540e\u4f5c\u4e3a\u9009\u4e2d\u6750\u6599\u7684\u9644\u4ef6", None))
#endif // QT_CONFIG(tooltip)
        self.removeButton.setText(QCoreApplication.translate("ApplyMaterialsPage", u"\u79fb\u9664\u9644\u4ef6 (Delete)", None))
#if QT_CONFIG(tooltip)
        self.removeButton.setToolTip(QCoreApplication.translate("ApplyMaterialsPage", u"\u53bb\u6389\u9009\u4e2d\u6750\u6599\u7684\u9644\u4ef6\uff08\u6750\u6599\u4ecd\u4e3a\u5df2\u6536\u53d6\uff09", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

