# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'reveal_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QLabel, QLineEdit, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_RevealDialog(object):
    def setupUi(self, RevealDialog):
        if not RevealDialog.objectName():
            RevealDialog.setObjectName(u"RevealDialog")
        RevealDialog.resize(480, 260)
        self.dialogLayout = QVBoxLayout(RevealDialog)
        self.dialogLayout.setSpacing(10)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.explainLabel = QLabel(RevealDialog)
        self.explainLabel.setObjectName(u"explainLabel")
        self.explainLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.explainLabel)

        self.fieldsForm = QFormLayout()
        self.fieldsForm.setObjectName(u"fieldsForm")
        self.applicationLabel = QLabel(RevealDialog)
        self.applicationLabel.setObjectName(u"applicationLabel")

        self.fieldsForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.applicationLabel)

        self.applicationValue = QLabel(RevealDialog)
        self.applicationValue.setObjectName(u"applicationValue")
        self.applicationValue.setText(u"")
        self.applicationValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.fieldsForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.applicationValue)

        self.reasonLabel = QLabel(RevealDialog)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.fieldsForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.reasonLabel)

        self.reasonEdit = QLineEdit(RevealDialog)
        self.reasonEdit.setObjectName(u"reasonEdit")
        self.reasonEdit.setMaxLength(200)

        self.fieldsForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.reasonEdit)

        self.passwordLabel = QLabel(RevealDialog)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.fieldsForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(RevealDialog)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.fieldsForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.passwordEdit)


        self.dialogLayout.addLayout(self.fieldsForm)

        self.errorLabel = QLabel(RevealDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setText(u"")
        self.errorLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(RevealDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.dialogLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.reasonLabel.setBuddy(self.reasonEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.reasonEdit, self.passwordEdit)

        self.retranslateUi(RevealDialog)

        QMetaObject.connectSlotsByName(RevealDialog)
    # setupUi

    def retranslateUi(self, RevealDialog):
        RevealDialog.setWindowTitle(QCoreApplication.translate("RevealDialog", u"\u67e5\u770b\u7ecf\u529e\u4eba\u5b8c\u6574\u4fe1\u606f", None))
        self.explainLabel.setText(QCoreApplication.translate("RevealDialog", u"\u7ecf\u529e\u4eba\u7684\u5b8c\u6574\u8bc1\u4ef6\u53f7\u7801\u548c\u624b\u673a\u53f7\u7801\u662f\u4e2a\u4eba\u4fe1\u606f\u3002\u8bf7\u5199\u660e\u67e5\u770b\u539f\u56e0\uff0c\u5e76\u518d\u6b21\u8f93\u5165\u60a8\u7684\u767b\u5f55\u5bc6\u7801\uff1b\u67e5\u770b\u4eba\u3001\u65f6\u95f4\u3001\u7533\u8bf7\u548c\u539f\u56e0\u90fd\u4f1a\u8bb0\u5165\u5ba1\u8ba1\u65e5\u5fd7\u3002", None))
        self.applicationLabel.setText(QCoreApplication.translate("RevealDialog", u"\u7533\u8bf7", None))
        self.reasonLabel.setText(QCoreApplication.translate("RevealDialog", u"\u67e5\u770b\u539f\u56e0(&R)", None))
        self.reasonEdit.setPlaceholderText(QCoreApplication.translate("RevealDialog", u"\u4f8b\u5982\uff1a\u7ecf\u529e\u4eba\u6765\u7a97\u53e3\u8865\u4ea4\u6750\u6599\uff0c\u6838\u5bf9\u8eab\u4efd", None))
        self.passwordLabel.setText(QCoreApplication.translate("RevealDialog", u"\u767b\u5f55\u5bc6\u7801(&P)", None))
    # retranslateUi

