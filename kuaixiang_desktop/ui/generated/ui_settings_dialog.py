# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QDoubleSpinBox, QFontComboBox,
    QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QRadioButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_SettingsDialog(object):
    def setupUi(self, SettingsDialog):
        if not SettingsDialog.objectName():
            SettingsDialog.setObjectName(u"SettingsDialog")
        SettingsDialog.resize(600, 560)
        self.dialogLayout = QVBoxLayout(SettingsDialog)
        self.dialogLayout.setSpacing(10)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.serverGroup = QGroupBox(SettingsDialog)
        self.serverGroup.setObjectName(u"serverGroup")
        self.serverForm = QFormLayout(self.serverGroup)
        self.serverForm.setObjectName(u"serverForm")
        self.serverLabel = QLabel(self.serverGroup)
        self.serverLabel.setObjectName(u"serverLabel")

        self.serverForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.serverLabel)

        self.serverEdit = QLineEdit(self.serverGroup)
        self.serverEdit.setObjectName(u"serverEdit")
        self.serverEdit.setPlaceholderText(u"http://127.0.0.1:8765")

        self.serverForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.serverEdit)

        self.caFileLabel = QLabel(self.serverGroup)
        self.caFileLabel.setObjectName(u"caFileLabel")

        self.serverForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.caFileLabel)

        self.caFileRow = QHBoxLayout()
        self.caFileRow.setObjectName(u"caFileRow")
        self.caFileEdit = QLineEdit(self.serverGroup)
        self.caFileEdit.setObjectName(u"caFileEdit")

        self.caFileRow.addWidget(self.caFileEdit)

        self.caBrowseButton = QPushButton(self.serverGroup)
        self.caBrowseButton.setObjectName(u"caBrowseButton")

        self.caFileRow.addWidget(self.caBrowseButton)


        self.serverForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.caFileRow)

        self.insecureHttpCheck = QCheckBox(self.serverGroup)
        self.insecureHttpCheck.setObjectName(u"insecureHttpCheck")

        self.serverForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.insecureHttpCheck)

        self.serverHint = QLabel(self.serverGroup)
        self.serverHint.setObjectName(u"serverHint")
        self.serverHint.setWordWrap(True)
        self.serverHint.setProperty(u"muted", True)

        self.serverForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.serverHint)


        self.dialogLayout.addWidget(self.serverGroup)

        self.printGroup = QGroupBox(SettingsDialog)
        self.printGroup.setObjectName(u"printGroup")
        self.printForm = QFormLayout(self.printGroup)
        self.printForm.setObjectName(u"printForm")
        self.printerLabel = QLabel(self.printGroup)
        self.printerLabel.setObjectName(u"printerLabel")

        self.printForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.printerLabel)

        self.printerCombo = QComboBox(self.printGroup)
        self.printerCombo.setObjectName(u"printerCombo")

        self.printForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.printerCombo)

        self.pdfLabel = QLabel(self.printGroup)
        self.pdfLabel.setObjectName(u"pdfLabel")

        self.printForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.pdfLabel)

        self.pdfRow = QHBoxLayout()
        self.pdfRow.setObjectName(u"pdfRow")
        self.pdfEdit = QLineEdit(self.printGroup)
        self.pdfEdit.setObjectName(u"pdfEdit")

        self.pdfRow.addWidget(self.pdfEdit)

        self.pdfBrowseButton = QPushButton(self.printGroup)
        self.pdfBrowseButton.setObjectName(u"pdfBrowseButton")

        self.pdfRow.addWidget(self.pdfBrowseButton)


        self.printForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.pdfRow)

        self.paperLabel = QLabel(self.printGroup)
        self.paperLabel.setObjectName(u"paperLabel")

        self.printForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.paperLabel)

        self.paperRow = QHBoxLayout()
        self.paperRow.setObjectName(u"paperRow")
        self.a4Radio = QRadioButton(self.printGroup)
        self.a4Radio.setObjectName(u"a4Radio")

        self.paperRow.addWidget(self.a4Radio)

        self.rollRadio = QRadioButton(self.printGroup)
        self.rollRadio.setObjectName(u"rollRadio")

        self.paperRow.addWidget(self.rollRadio)

        self.paperSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.paperRow.addItem(self.paperSpacer)


        self.printForm.setLayout(2, QFormLayout.ItemRole.FieldRole, self.paperRow)

        self.previewCheck = QCheckBox(self.printGroup)
        self.previewCheck.setObjectName(u"previewCheck")

        self.printForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.previewCheck)


        self.dialogLayout.addWidget(self.printGroup)

        self.fontGroup = QGroupBox(SettingsDialog)
        self.fontGroup.setObjectName(u"fontGroup")
        self.fontForm = QFormLayout(self.fontGroup)
        self.fontForm.setObjectName(u"fontForm")
        self.fontLabel = QLabel(self.fontGroup)
        self.fontLabel.setObjectName(u"fontLabel")

        self.fontForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.fontLabel)

        self.fontCombo = QFontComboBox(self.fontGroup)
        self.fontCombo.setObjectName(u"fontCombo")

        self.fontForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.fontCombo)

        self.sizeLabel = QLabel(self.fontGroup)
        self.sizeLabel.setObjectName(u"sizeLabel")

        self.fontForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.sizeLabel)

        self.sizeSpin = QDoubleSpinBox(self.fontGroup)
        self.sizeSpin.setObjectName(u"sizeSpin")
        self.sizeSpin.setDecimals(1)
        self.sizeSpin.setMinimum(8.000000000000000)
        self.sizeSpin.setMaximum(24.000000000000000)
        self.sizeSpin.setSingleStep(0.500000000000000)
        self.sizeSpin.setValue(10.500000000000000)

        self.fontForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.sizeSpin)


        self.dialogLayout.addWidget(self.fontGroup)

        self.scannerGroup = QGroupBox(SettingsDialog)
        self.scannerGroup.setObjectName(u"scannerGroup")
        self.scannerForm = QFormLayout(self.scannerGroup)
        self.scannerForm.setObjectName(u"scannerForm")
        self.scannerLabel = QLabel(self.scannerGroup)
        self.scannerLabel.setObjectName(u"scannerLabel")

        self.scannerForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.scannerLabel)

        self.scannerRow = QHBoxLayout()
        self.scannerRow.setObjectName(u"scannerRow")
        self.scannerEdit = QLineEdit(self.scannerGroup)
        self.scannerEdit.setObjectName(u"scannerEdit")

        self.scannerRow.addWidget(self.scannerEdit)

        self.scannerBrowseButton = QPushButton(self.scannerGroup)
        self.scannerBrowseButton.setObjectName(u"scannerBrowseButton")

        self.scannerRow.addWidget(self.scannerBrowseButton)


        self.scannerForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.scannerRow)

        self.scannerHint = QLabel(self.scannerGroup)
        self.scannerHint.setObjectName(u"scannerHint")
        self.scannerHint.setWordWrap(True)
        self.scannerHint.setProperty(u"muted", True)

        self.scannerForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.scannerHint)


        self.dialogLayout.addWidget(self.scannerGroup)

        self.errorLabel = QLabel(SettingsDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.errorLabel)

        self.dialogSpacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.dialogLayout.addItem(self.dialogSpacer)

        self.buttonBox = QDialogButtonBox(SettingsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.dialogLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.serverLabel.setBuddy(self.serverEdit)
        self.caFileLabel.setBuddy(self.caFileEdit)
        self.printerLabel.setBuddy(self.printerCombo)
        self.pdfLabel.setBuddy(self.pdfEdit)
        self.fontLabel.setBuddy(self.fontCombo)
        self.sizeLabel.setBuddy(self.sizeSpin)
        self.scannerLabel.setBuddy(self.scannerEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.serverEdit, self.caFileEdit)
        QWidget.setTabOrder(self.caFileEdit, self.caBrowseButton)
        QWidget.setTabOrder(self.caBrowseButton, self.insecureHttpCheck)
        QWidget.setTabOrder(self.insecureHttpCheck, self.printerCombo)
        QWidget.setTabOrder(self.printerCombo, self.pdfEdit)
        QWidget.setTabOrder(self.pdfEdit, self.pdfBrowseButton)
        QWidget.setTabOrder(self.pdfBrowseButton, self.a4Radio)
        QWidget.setTabOrder(self.a4Radio, self.rollRadio)
        QWidget.setTabOrder(self.rollRadio, self.previewCheck)
        QWidget.setTabOrder(self.previewCheck, self.fontCombo)
        QWidget.setTabOrder(self.fontCombo, self.sizeSpin)
        QWidget.setTabOrder(self.sizeSpin, self.scannerEdit)
        QWidget.setTabOrder(self.scannerEdit, self.scannerBrowseButton)

        self.retranslateUi(SettingsDialog)

        QMetaObject.connectSlotsByName(SettingsDialog)
    # setupUi

    def retranslateUi(self, SettingsDialog):
        SettingsDialog.setWindowTitle(QCoreApplication.translate("SettingsDialog", u"\u8bbe\u7f6e", None))
        self.serverGroup.setTitle(QCoreApplication.translate("SettingsDialog", u"\u4e2d\u5fc3\u670d\u52a1\u5668", None))
        self.serverLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u670d\u52a1\u5668\u5730\u5740(&S)\uff1a", None))
#if QT_CONFIG(tooltip)
        self.serverEdit.setToolTip(QCoreApplication.translate("SettingsDialog", u"\u4e2d\u5fc3\u670d\u52a1\u5668\u7684\u7f51\u5740\uff0c\u4f8b\u5982 https://10.15.2.8:8765\uff1b\u672c\u673a\u4ee5\u5916\u7684\u670d\u52a1\u5668\u987b\u7528 https://\uff08Alt+S\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.caFileLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u670d\u52a1\u5668\u8bc1\u4e66(&E)\uff1a", None))
#if QT_CONFIG(tooltip)
        self.caFileEdit.setToolTip(QCoreApplication.translate("SettingsDialog", u"\u53ea\u4fe1\u4efb\u8fd9\u4e2a\u8bc1\u4e66\u6587\u4ef6\uff08PEM\uff09\uff1a\u4e2d\u5fc3\u670d\u52a1\u5668\u81ea\u5df1\u7684\u8bc1\u4e66\uff0c\u6216\u7b7e\u53d1\u5b83\u7684 CA\u3002\u7559\u7a7a\u5219\u6309\u5e38\u7528\u7684 CA \u6838\u9a8c\uff08Alt+E\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.caFileEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"\u7559\u7a7a\uff1a\u6309\u5e38\u7528 CA \u6838\u9a8c", None))
        self.caBrowseButton.setText(QCoreApplication.translate("SettingsDialog", u"\u9009\u62e9\u2026", None))
#if QT_CONFIG(tooltip)
        self.insecureHttpCheck.setToolTip(QCoreApplication.translate("SettingsDialog", u"\u4ee5 http:// \u8fde\u63a5\u672c\u673a\u4ee5\u5916\u7684\u670d\u52a1\u5668\u65f6\uff0c\u5bc6\u7801\u548c\u4ee4\u724c\u4f1a\u4ee5\u660e\u6587\u7ecf\u8fc7\u7f51\u7edc\uff1a\u53ea\u5728\u53ef\u4fe1\u7684\u5185\u7f51\u6d4b\u8bd5\u65f6\u52fe\u9009\u3002\u672c\u673a\uff08127.0.0.1\uff09\u4e0d\u9700\u8981", None))
#endif // QT_CONFIG(tooltip)
        self.insecureHttpCheck.setText(QCoreApplication.translate("SettingsDialog", u"\u5141\u8bb8\u4e0d\u52a0\u5bc6\u7684 http:// \u8fde\u63a5\uff08\u4ec5\u9650\u53ef\u4fe1\u5185\u7f51\u6d4b\u8bd5\uff09", None))
        self.serverHint.setText(QCoreApplication.translate("SettingsDialog", u"\u4fee\u6539\u540e\u5728\u4e0b\u6b21\u767b\u5f55\u65f6\u751f\u6548\u3002", None))
        self.printGroup.setTitle(QCoreApplication.translate("SettingsDialog", u"\u6253\u5370", None))
        self.printerLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u6253\u5370\u673a(&P)\uff1a", None))
#if QT_CONFIG(tooltip)
        self.printerCombo.setToolTip(QCoreApplication.translate("SettingsDialog", u"\u56de\u6267\u3001\u544a\u77e5\u5355\u548c\u6e05\u5355\u6253\u5370\u5230\u54ea\u91cc\uff08Alt+P\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.pdfLabel.setText(QCoreApplication.translate("SettingsDialog", u"PDF \u6587\u4ef6(&F)\uff1a", None))
#if QT_CONFIG(tooltip)
        self.pdfEdit.setToolTip(QCoreApplication.translate("SettingsDialog", u"\u201c\u6253\u5370\u5230 PDF \u6587\u4ef6\u201d\u65f6\u5199\u5165\u7684\u6587\u4ef6\uff1b\u6bcf\u6b21\u6253\u5370\u90fd\u4f1a\u8986\u76d6\u5b83\uff08Alt+F\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.pdfBrowseButton.setText(QCoreApplication.translate("SettingsDialog", u"\u9009\u62e9\u2026", None))
        self.paperLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u56de\u6267\u7eb8\u5f20\uff1a", None))
#if QT_CONFIG(tooltip)
        self.a4Radio.setToolTip(QCoreApplication.translate("SettingsDialog", u"\u53d7\u7406\u56de\u6267\u548c\u4e00\u6b21\u6027\u544a\u77e5\u5355\u7528 A4 \u7eb8\uff08Alt+4\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.a4Radio.setText(QCoreApplication.translate("SettingsDialog", u"A4 \u7eb8(&4)", None))
#if QT_CONFIG(tooltip)
        self.rollRadio.setToolTip(QCoreApplication.translate("SettingsDialog", u"\u53d7\u7406\u56de\u6267\u548c\u4e00\u6b21\u6027\u544a\u77e5\u5355\u7528 80 \u6beb\u7c73\u70ed\u654f\u5377\u7eb8\uff08Alt+8\uff09\uff1b\u4e00\u4f01\u4e00\u7b56\u6e05\u5355\u603b\u662f\u7528 A4 \u7eb8", None))
#endif // QT_CONFIG(tooltip)
        self.rollRadio.setText(QCoreApplication.translate("SettingsDialog", u"80 mm \u70ed\u654f\u5377\u7eb8(&8)", None))
#if QT_CONFIG(tooltip)
        self.previewCheck.setToolTip(QCoreApplication.translate("SettingsDialog", u"\u6253\u5370\u524d\u5148\u663e\u793a\u9884\u89c8\uff08Alt+V\uff09\uff1b\u7a97\u53e3\u7e41\u5fd9\u65f6\u53ef\u4ee5\u5173\u6389\uff0c\u76f4\u63a5\u6253\u5370", None))
#endif // QT_CONFIG(tooltip)
        self.previewCheck.setText(QCoreApplication.translate("SettingsDialog", u"\u6253\u5370\u524d\u9884\u89c8(&V)", None))
        self.fontGroup.setTitle(QCoreApplication.translate("SettingsDialog", u"\u754c\u9762", None))
        self.fontLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u5b57\u4f53(&O)\uff1a", None))
#if QT_CONFIG(tooltip)
        self.fontCombo.setToolTip(QCoreApplication.translate("SettingsDialog", u"\u754c\u9762\u4f7f\u7528\u7684\u5b57\u4f53\uff08Alt+O\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.sizeLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u5b57\u53f7(&Z)\uff1a", None))
#if QT_CONFIG(tooltip)
        self.sizeSpin.setToolTip(QCoreApplication.translate("SettingsDialog", u"\u754c\u9762\u6587\u5b57\u7684\u5927\u5c0f\uff0c8 \u5230 24 \u78c5\uff08Alt+Z\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.sizeSpin.setSuffix(QCoreApplication.translate("SettingsDialog", u" \u78c5", None))
        self.scannerGroup.setTitle(QCoreApplication.translate("SettingsDialog", u"\u626b\u63cf\u4eea", None))
        self.scannerLabel.setText(QCoreApplication.translate("SettingsDialog", u"\u626b\u63cf\u6587\u4ef6\u5939(&C)\uff1a", None))
#if QT_CONFIG(tooltip)
        self.scannerEdit.setToolTip(QCoreApplication.translate("SettingsDialog", u"\u626b\u63cf\u4eea\u4fdd\u5b58\u6587\u4ef6\u7684\u6587\u4ef6\u5939\uff1b\u4ee3\u529e\u7533\u8bf7\u65f6\u4ece\u8fd9\u91cc\u5bfc\u5165\u6750\u6599\uff08Alt+C\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.scannerBrowseButton.setText(QCoreApplication.translate("SettingsDialog", u"\u6d4f\u89c8\u2026", None))
        self.scannerHint.setText(QCoreApplication.translate("SettingsDialog", u"\u4e0d\u7528\u626b\u63cf\u4eea\u65f6\u53ef\u4ee5\u4e0d\u586b\u3002", None))
    # retranslateUi

