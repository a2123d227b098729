# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'apply_agent_page.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QFrame, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget,
    QWizardPage)

class Ui_ApplyAgentPage(object):
    def setupUi(self, ApplyAgentPage):
        if not ApplyAgentPage.objectName():
            ApplyAgentPage.setObjectName(u"ApplyAgentPage")
        ApplyAgentPage.resize(760, 480)
        self.agentLayout = QVBoxLayout(ApplyAgentPage)
        self.agentLayout.setObjectName(u"agentLayout")
        self.agentForm = QFormLayout()
        self.agentForm.setObjectName(u"agentForm")
        self.nameLabel = QLabel(ApplyAgentPage)
        self.nameLabel.setObjectName(u"nameLabel")

        self.agentForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(ApplyAgentPage)
        self.nameEdit.setObjectName(u"nameEdit")
        self.nameEdit.setMaxLength(30)

        self.agentForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.nameMessage = QLabel(ApplyAgentPage)
        self.nameMessage.setObjectName(u"nameMessage")
        self.nameMessage.setText(u"")
        self.nameMessage.setWordWrap(True)
        self.nameMessage.setTextFormat(Qt.TextFormat.PlainText)

        self.agentForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.nameMessage)

        self.idLabel = QLabel(ApplyAgentPage)
        self.idLabel.setObjectName(u"idLabel")

        self.agentForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.idLabel)

        self.idEdit = QLineEdit(ApplyAgentPage)
        self.idEdit.setObjectName(u"idEdit")
        self.idEdit.setMaxLength(24)

        self.agentForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.idEdit)

        self.idMessage = QLabel(ApplyAgentPage)
        self.idMessage.setObjectName(u"idMessage")
        self.idMessage.setText(u"")
        self.idMessage.setWordWrap(True)
        self.idMessage.setTextFormat(Qt.TextFormat.PlainText)

        self.agentForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.idMessage)

        self.phoneLabel = QLabel(ApplyAgentPage)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.agentForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.phoneLabel)

        self.phoneEdit = QLineEdit(ApplyAgentPage)
        self.phoneEdit.setObjectName(u"phoneEdit")
        self.phoneEdit.setMaxLength(20)

        self.agentForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.phoneEdit)

        self.phoneMessage = QLabel(ApplyAgentPage)
        self.phoneMessage.setObjectName(u"phoneMessage")
        self.phoneMessage.setText(u"")
        self.phoneMessage.setWordWrap(True)
        self.phoneMessage.setTextFormat(Qt.TextFormat.PlainText)

        self.agentForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.phoneMessage)


        self.agentLayout.addLayout(self.agentForm)

        self.cardBox = QGroupBox(ApplyAgentPage)
        self.cardBox.setObjectName(u"cardBox")
        self.cardLayout = QHBoxLayout(self.cardBox)
        self.cardLayout.setObjectName(u"cardLayout")
        self.photoLabel = QLabel(self.cardBox)
        self.photoLabel.setObjectName(u"photoLabel")
        self.photoLabel.setMinimumSize(QSize(102, 126))
        self.photoLabel.setMaximumSize(QSize(102, 126))
        self.photoLabel.setFrameShape(QFrame.Shape.StyledPanel)
        self.photoLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photoLabel.setText(u"")

        self.cardLayout.addWidget(self.photoLabel)

        self.cardDetailsLabel = QLabel(self.cardBox)
        self.cardDetailsLabel.setObjectName(u"cardDetailsLabel")
        self.cardDetailsLabel.setText(u"")
        self.cardDetailsLabel.setWordWrap(True)
        self.cardDetailsLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.cardDetailsLabel.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.cardDetailsLabel.sizePolicy().hasHeightForWidth())
        self.cardDetailsLabel.setSizePolicy(sizePolicy)

        self.cardLayout.addWidget(self.cardDetailsLabel)

        self.readCardButton = QPushButton(self.cardBox)
        self.readCardButton.setObjectName(u"readCardButton")
        self.readCardButton.setAutoDefault(False)

        self.cardLayout.addWidget(self.readCardButton)


        self.agentLayout.addWidget(self.cardBox)

        self.agentSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.agentLayout.addItem(self.agentSpacer)

        self.messageLabel = QLabel(ApplyAgentPage)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setText(u"")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.agentLayout.addWidget(self.messageLabel)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.idLabel.setBuddy(self.idEdit)
        self.phoneLabel.setBuddy(self.phoneEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.nameEdit, self.idEdit)
        QWidget.setTabOrder(self.idEdit, self.phoneEdit)

        self.retranslateUi(ApplyAgentPage)

        QMetaObject.connectSlotsByName(ApplyAgentPage)
    # setupUi

    def retranslateUi(self, ApplyAgentPage):
        ApplyAgentPage.setTitle(QCoreApplication.translate("ApplyAgentPage", u"\u7ecf\u529e\u4eba", None))
        ApplyAgentPage.setSubTitle(QCoreApplication.translate("ApplyAgentPage", u"\u5230\u7a97\u53e3\u529e\u7406\u7684\u4eba\u3002\u8eab\u4efd\u8bc1\u53f7\u7801\u548c\u624b\u673a\u53f7\u7801\u52a0\u5bc6\u4fdd\u5b58\uff0c\u56de\u6267\u548c\u5217\u8868\u4e0a\u53ea\u663e\u793a\u90e8\u5206\u53f7\u7801\u3002", None))
        self.nameLabel.setText(QCoreApplication.translate("ApplyAgentPage", u"\u7ecf\u529e\u4eba\u59d3\u540d(&N)", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("ApplyAgentPage", u"2\u201330 \u4e2a\u5b57", None))
        self.idLabel.setText(QCoreApplication.translate("ApplyAgentPage", u"\u8eab\u4efd\u8bc1\u53f7\u7801(&I)", None))
        self.idEdit.setPlaceholderText(QCoreApplication.translate("ApplyAgentPage", u"18 \u4f4d\u5c45\u6c11\u8eab\u4efd\u8bc1\u53f7\u7801", None))
        self.phoneLabel.setText(QCoreApplication.translate("ApplyAgentPage", u"\u624b\u673a\u53f7\u7801(&P)", None))
        self.phoneEdit.setPlaceholderText(QCoreApplication.translate("ApplyAgentPage", u"11 \u4f4d\u624b\u673a\u53f7\u7801", None))
        self.cardBox.setTitle(QCoreApplication.translate("ApplyAgentPage", u"\u8eab\u4efd\u8bc1", None))
        self.readCardButton.setText(QCoreApplication.translate("ApplyAgentPage", u"\u8bfb\u53d6\u8eab\u4efd\u8bc1 (F4)", None))
#if QT_CONFIG(tooltip)
        self.readCardButton.setToolTip(QCoreApplication.translate("ApplyAgentPage", u"\u8bfb\u53d6\u9605\u8bfb\u5668\u4e0a\u7684\u8eab\u4efd\u8bc1\uff0c\u586b\u5165\u59d3\u540d\u4e0e\u8eab\u4efd\u8bc1\u53f7\u7801", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

