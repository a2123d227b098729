# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'about_dialog.ui'
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
from PySide6.QtWidgets import (QApplication, QDialog, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_AboutDialog(object):
    def setupUi(self, AboutDialog):
        if not AboutDialog.objectName():
            AboutDialog.setObjectName(u"AboutDialog")
        AboutDialog.resize(620, 560)
        self.dialogLayout = QVBoxLayout(AboutDialog)
        self.dialogLayout.setSpacing(10)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.productLabel = QLabel(AboutDialog)
        self.productLabel.setObjectName(u"productLabel")

        self.dialogLayout.addWidget(self.productLabel)

        self.versionLabel = QLabel(AboutDialog)
        self.versionLabel.setObjectName(u"versionLabel")
        self.versionLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.dialogLayout.addWidget(self.versionLabel)

        self.detailsGroup = QGroupBox(AboutDialog)
        self.detailsGroup.setObjectName(u"detailsGroup")
        self.detailsForm = QFormLayout(self.detailsGroup)
        self.detailsForm.setObjectName(u"detailsForm")
        self.detailsForm.setHorizontalSpacing(14)
        self.detailsForm.setVerticalSpacing(4)

        self.dialogLayout.addWidget(self.detailsGroup)

        self.licenceLabel = QLabel(AboutDialog)
        self.licenceLabel.setObjectName(u"licenceLabel")
        self.licenceLabel.setWordWrap(True)
        self.licenceLabel.setProperty(u"muted", True)

        self.dialogLayout.addWidget(self.licenceLabel)

        self.copiedLabel = QLabel(AboutDialog)
        self.copiedLabel.setObjectName(u"copiedLabel")

        self.dialogLayout.addWidget(self.copiedLabel)

        self.dialogSpacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.dialogLayout.addItem(self.dialogSpacer)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setObjectName(u"buttonRow")
        self.copyButton = QPushButton(AboutDialog)
        self.copyButton.setObjectName(u"copyButton")

        self.buttonRow.addWidget(self.copyButton)

        self.buttonSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.closeButton = QPushButton(AboutDialog)
        self.closeButton.setObjectName(u"closeButton")

        self.buttonRow.addWidget(self.closeButton)


        self.dialogLayout.addLayout(self.buttonRow)

        QWidget.setTabOrder(self.closeButton, self.copyButton)

        self.retranslateUi(AboutDialog)

        self.closeButton.setDefault(True)


        QMetaObject.connectSlotsByName(AboutDialog)
    # setupUi

    def retranslateUi(self, AboutDialog):
        AboutDialog.setWindowTitle(QCoreApplication.translate("AboutDialog", u"\u5173\u4e8e\u653f\u7b56\u5feb\u4eab", None))
        self.productLabel.setText(QCoreApplication.translate("AboutDialog", u"\u653f\u7b56\u5feb\u4eab \u00b7 \u7a97\u53e3\u670d\u52a1\u5ba2\u6237\u7aef", None))
        self.detailsGroup.setTitle(QCoreApplication.translate("AboutDialog", u"\u8fd0\u884c\u73af\u5883\u4e0e\u6570\u636e", None))
        self.licenceLabel.setText(QCoreApplication.translate("AboutDialog", u"\u672c\u8f6f\u4ef6\u4e3a\u804a\u57ce\u5e02\u653f\u7b56\u5feb\u4eab\u5e73\u53f0\u7684\u7a97\u53e3\u670d\u52a1\u5ba2\u6237\u7aef\uff0c\u7248\u6743\u6240\u6709\uff0c\u4ec5\u4f9b\u7ecf\u6388\u6743\u7684\u653f\u52a1\u670d\u52a1\u5927\u5385\u548c\u4fbf\u6c11\u670d\u52a1\u4e2d\u5fc3\u4f7f\u7528\uff0c\u4e0d\u5f97\u590d\u5236\u6216\u8f6c\u8ba9\u3002\u8f6f\u4ef6\u4e2d\u4f7f\u7528\u7684\u5f00\u6e90\u7ec4\u4ef6\uff08Qt / PySide6 \u6309 LGPL v3\uff0cSQLAlchemy\u3001Alembic\u3001httpx \u6309 MIT\uff0creportlab \u6309 BSD \u7b49\uff09\u5404\u6309\u5176\u8bb8\u53ef\u8bc1\u63d0\u4f9b\u3002", None))
        self.copiedLabel.setText(QCoreApplication.translate("AboutDialog", u"\u7248\u672c\u4fe1\u606f\u5df2\u590d\u5236\uff0c\u53ef\u4ee5\u7c98\u8d34\u7ed9\u6280\u672f\u652f\u6301\u4eba\u5458\u3002", None))
#if QT_CONFIG(tooltip)
        self.copyButton.setToolTip(QCoreApplication.translate("AboutDialog", u"\u628a\u7248\u672c\u548c\u8fd0\u884c\u73af\u5883\u590d\u5236\u5230\u526a\u8d34\u677f\uff0c\u6253\u7535\u8bdd\u6216\u53d1\u6d88\u606f\u7ed9\u6280\u672f\u652f\u6301\u65f6\u7528\uff08Alt+C\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.copyButton.setText(QCoreApplication.translate("AboutDialog", u"\u590d\u5236\u7248\u672c\u4fe1\u606f(&C)", None))
#if QT_CONFIG(tooltip)
        self.closeButton.setToolTip(QCoreApplication.translate("AboutDialog", u"\u5173\u95ed\uff08Esc\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.closeButton.setText(QCoreApplication.translate("AboutDialog", u"\u5173\u95ed", None))
    # retranslateUi

