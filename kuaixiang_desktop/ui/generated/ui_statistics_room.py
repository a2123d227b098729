# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'statistics_room.ui'
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
from PySide6.QtWidgets import (QApplication, QFrame, QGridLayout, QGroupBox,
    QHBoxLayout, QLabel, QProgressBar, QPushButton,
    QRadioButton, QScrollArea, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

from kuaixiang_desktop.ui.charts import BarChart

class Ui_StatisticsRoom(object):
    def setupUi(self, StatisticsRoom):
        if not StatisticsRoom.objectName():
            StatisticsRoom.setObjectName(u"StatisticsRoom")
        StatisticsRoom.resize(1180, 720)
        self.roomLayout = QVBoxLayout(StatisticsRoom)
        self.roomLayout.setSpacing(8)
        self.roomLayout.setObjectName(u"roomLayout")
        self.roomLayout.setContentsMargins(12, 10, 12, 6)
        self.headerLayout = QHBoxLayout()
        self.headerLayout.setSpacing(12)
        self.headerLayout.setObjectName(u"headerLayout")
        self.titleLabel = QLabel(StatisticsRoom)
        self.titleLabel.setObjectName(u"titleLabel")

        self.headerLayout.addWidget(self.titleLabel)

        self.headerSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.headerLayout.addItem(self.headerSpacer)

        self.periodLabel = QLabel(StatisticsRoom)
        self.periodLabel.setObjectName(u"periodLabel")

        self.headerLayout.addWidget(self.periodLabel)

        self.todayRadio = QRadioButton(StatisticsRoom)
        self.todayRadio.setObjectName(u"todayRadio")
        self.todayRadio.setChecked(True)

        self.headerLayout.addWidget(self.todayRadio)

        self.monthRadio = QRadioButton(StatisticsRoom)
        self.monthRadio.setObjectName(u"monthRadio")

        self.headerLayout.addWidget(self.monthRadio)

        self.refreshButton = QPushButton(StatisticsRoom)
        self.refreshButton.setObjectName(u"refreshButton")

        self.headerLayout.addWidget(self.refreshButton)


        self.roomLayout.addLayout(self.headerLayout)

        self.stampLabel = QLabel(StatisticsRoom)
        self.stampLabel.setObjectName(u"stampLabel")
        self.stampLabel.setProperty(u"muted", True)

        self.roomLayout.addWidget(self.stampLabel)

        self.messageLabel = QLabel(StatisticsRoom)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.roomLayout.addWidget(self.messageLabel)

        self.scrollArea = QScrollArea(StatisticsRoom)
        self.scrollArea.setObjectName(u"scrollArea")
        self.scrollArea.setFrameShape(QFrame.Shape.NoFrame)
        self.scrollArea.setWidgetResizable(True)
        self.scrollContents = QWidget()
        self.scrollContents.setObjectName(u"scrollContents")
        self.scrollContents.setGeometry(QRect(0, 0, 1156, 620))
        self.contentsLayout = QVBoxLayout(self.scrollContents)
        self.contentsLayout.setSpacing(10)
        self.contentsLayout.setObjectName(u"contentsLayout")
        self.contentsLayout.setContentsMargins(0, 0, 0, 0)
        self.tilesLayout = QHBoxLayout()
        self.tilesLayout.setSpacing(10)
        self.tilesLayout.setObjectName(u"tilesLayout")
        self.acceptedTile = QFrame(self.scrollContents)
        self.acceptedTile.setObjectName(u"acceptedTile")
        self.acceptedTile.setFrameShape(QFrame.Shape.StyledPanel)
        self.acceptedTile.setProperty(u"tile", True)
        self.acceptedTileLayout = QVBoxLayout(self.acceptedTile)
        self.acceptedTileLayout.setObjectName(u"acceptedTileLayout")
        self.acceptedCaption = QLabel(self.acceptedTile)
        self.acceptedCaption.setObjectName(u"acceptedCaption")
        self.acceptedCaption.setProperty(u"muted", True)

        self.acceptedTileLayout.addWidget(self.acceptedCaption)

        self.acceptedValue = QLabel(self.acceptedTile)
        self.acceptedValue.setObjectName(u"acceptedValue")
        self.acceptedValue.setText(u"\u2014")
        self.acceptedValue.setProperty(u"tileValue", True)

        self.acceptedTileLayout.addWidget(self.acceptedValue)

        self.acceptedNote = QLabel(self.acceptedTile)
        self.acceptedNote.setObjectName(u"acceptedNote")
        self.acceptedNote.setWordWrap(True)
        self.acceptedNote.setProperty(u"muted", True)

        self.acceptedTileLayout.addWidget(self.acceptedNote)


        self.tilesLayout.addWidget(self.acceptedTile)

        self.draftTile = QFrame(self.scrollContents)
        self.draftTile.setObjectName(u"draftTile")
        self.draftTile.setFrameShape(QFrame.Shape.StyledPanel)
        self.draftTile.setProperty(u"tile", True)
        self.draftTileLayout = QVBoxLayout(self.draftTile)
        self.draftTileLayout.setObjectName(u"draftTileLayout")
        self.draftCaption = QLabel(self.draftTile)
        self.draftCaption.setObjectName(u"draftCaption")
        self.draftCaption.setProperty(u"muted", True)

        self.draftTileLayout.addWidget(self.draftCaption)

        self.draftValue = QLabel(self.draftTile)
        self.draftValue.setObjectName(u"draftValue")
        self.draftValue.setText(u"\u2014")
        self.draftValue.setProperty(u"tileValue", True)

        self.draftTileLayout.addWidget(self.draftValue)

        self.draftNote = QLabel(self.draftTile)
        self.draftNote.setObjectName(u"draftNote")
        self.draftNote.setWordWrap(True)
        self.draftNote.setProperty(u"muted", True)

        self.draftTileLayout.addWidget(self.draftNote)


        self.tilesLayout.addWidget(self.draftTile)

        self.benefitTile = QFrame(self.scrollContents)
        self.benefitTile.setObjectName(u"benefitTile")
        self.benefitTile.setFrameShape(QFrame.Shape.StyledPanel)
        self.benefitTile.setProperty(u"tile", True)
        self.benefitTileLayout = QVBoxLayout(self.benefitTile)
        self.benefitTileLayout.setObjectName(u"benefitTileLayout")
        self.benefitCaption = QLabel(self.benefitTile)
        self.benefitCaption.setObjectName(u"benefitCaption")
        self.benefitCaption.setProperty(u"muted", True)

        self.benefitTileLayout.addWidget(self.benefitCaption)

        self.benefitValue = QLabel(self.benefitTile)
        self.benefitValue.setObjectName(u"benefitValue")
        self.benefitValue.setText(u"\u2014")
        self.benefitValue.setProperty(u"tileValue", True)

        self.benefitTileLayout.addWidget(self.benefitValue)

        self.benefitNote = QLabel(self.benefitTile)
        self.benefitNote.setObjectName(u"benefitNote")
        self.benefitNote.setWordWrap(True)
        self.benefitNote.setProperty(u"muted", True)

        self.benefitTileLayout.addWidget(self.benefitNote)


        self.tilesLayout.addWidget(self.benefitTile)


        self.contentsLayout.addLayout(self.tilesLayout)

        self.chartsLayout = QGridLayout()
        self.chartsLayout.setObjectName(u"chartsLayout")
        self.chartsLayout.setHorizontalSpacing(10)
        self.chartsLayout.setVerticalSpacing(10)
        self.itemGroup = QGroupBox(self.scrollContents)
        self.itemGroup.setObjectName(u"itemGroup")
        self.itemGroupLayout = QVBoxLayout(self.itemGroup)
        self.itemGroupLayout.setObjectName(u"itemGroupLayout")
        self.itemChart = BarChart(self.itemGroup)
        self.itemChart.setObjectName(u"itemChart")

        self.itemGroupLayout.addWidget(self.itemChart)

        self.itemSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.itemGroupLayout.addItem(self.itemSpacer)


        self.chartsLayout.addWidget(self.itemGroup, 0, 0, 1, 1)

        self.statusGroup = QGroupBox(self.scrollContents)
        self.statusGroup.setObjectName(u"statusGroup")
        self.statusGroupLayout = QVBoxLayout(self.statusGroup)
        self.statusGroupLayout.setObjectName(u"statusGroupLayout")
        self.statusChart = BarChart(self.statusGroup)
        self.statusChart.setObjectName(u"statusChart")

        self.statusGroupLayout.addWidget(self.statusChart)

        self.statusSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.statusGroupLayout.addItem(self.statusSpacer)


        self.chartsLayout.addWidget(self.statusGroup, 0, 1, 1, 1)

        self.departmentGroup = QGroupBox(self.scrollContents)
        self.departmentGroup.setObjectName(u"departmentGroup")
        self.departmentGroupLayout = QVBoxLayout(self.departmentGroup)
        self.departmentGroupLayout.setObjectName(u"departmentGroupLayout")
        self.departmentChart = BarChart(self.departmentGroup)
        self.departmentChart.setObjectName(u"departmentChart")

        self.departmentGroupLayout.addWidget(self.departmentChart)

        self.departmentSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.departmentGroupLayout.addItem(self.departmentSpacer)


        self.chartsLayout.addWidget(self.departmentGroup, 1, 0, 1, 1)

        self.coverageGroup = QGroupBox(self.scrollContents)
        self.coverageGroup.setObjectName(u"coverageGroup")
        self.coverageGroupLayout = QVBoxLayout(self.coverageGroup)
        self.coverageGroupLayout.setObjectName(u"coverageGroupLayout")
        self.coverageLabel = QLabel(self.coverageGroup)
        self.coverageLabel.setObjectName(u"coverageLabel")
        self.coverageLabel.setWordWrap(True)

        self.coverageGroupLayout.addWidget(self.coverageLabel)

        self.coverageProgress = QProgressBar(self.coverageGroup)
        self.coverageProgress.setObjectName(u"coverageProgress")
        self.coverageProgress.setValue(0)

        self.coverageGroupLayout.addWidget(self.coverageProgress)

        self.coverageChart = BarChart(self.coverageGroup)
        self.coverageChart.setObjectName(u"coverageChart")

        self.coverageGroupLayout.addWidget(self.coverageChart)

        self.coverageNote = QLabel(self.coverageGroup)
        self.coverageNote.setObjectName(u"coverageNote")
        self.coverageNote.setWordWrap(True)
        self.coverageNote.setProperty(u"muted", True)

        self.coverageGroupLayout.addWidget(self.coverageNote)

        self.coverageSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.coverageGroupLayout.addItem(self.coverageSpacer)


        self.chartsLayout.addWidget(self.coverageGroup, 1, 1, 1, 1)


        self.contentsLayout.addLayout(self.chartsLayout)

        self.contentsSpacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.contentsLayout.addItem(self.contentsSpacer)

        self.contentsLayout.setStretch(2, 1)
        self.scrollArea.setWidget(self.scrollContents)

        self.roomLayout.addWidget(self.scrollArea)

        self.roomLayout.setStretch(3, 1)
        QWidget.setTabOrder(self.todayRadio, self.monthRadio)
        QWidget.setTabOrder(self.monthRadio, self.refreshButton)

        self.retranslateUi(StatisticsRoom)

        QMetaObject.connectSlotsByName(StatisticsRoom)
    # setupUi

    def retranslateUi(self, StatisticsRoom):
#if QT_CONFIG(accessibility)
        StatisticsRoom.setAccessibleName(QCoreApplication.translate("StatisticsRoom", u"\u7edf\u8ba1", None))
#endif // QT_CONFIG(accessibility)
        self.titleLabel.setText(QCoreApplication.translate("StatisticsRoom", u"\u7edf\u8ba1", None))
        self.periodLabel.setText(QCoreApplication.translate("StatisticsRoom", u"\u7edf\u8ba1\u671f\u95f4\uff1a", None))
#if QT_CONFIG(tooltip)
        self.todayRadio.setToolTip(QCoreApplication.translate("StatisticsRoom", u"\u4eca\u5929\uff08\u5317\u4eac\u65f6\u95f4\uff09\u53d7\u7406\u6216\u65b0\u5efa\u7684\u7533\u8bf7\uff08Alt+D\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.todayRadio.setText(QCoreApplication.translate("StatisticsRoom", u"\u4eca\u5929(&D)", None))
#if QT_CONFIG(tooltip)
        self.monthRadio.setToolTip(QCoreApplication.translate("StatisticsRoom", u"\u672c\u6708\uff08\u5317\u4eac\u65f6\u95f4\uff09\u53d7\u7406\u6216\u65b0\u5efa\u7684\u7533\u8bf7\uff08Alt+M\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.monthRadio.setText(QCoreApplication.translate("StatisticsRoom", u"\u672c\u6708(&M)", None))
#if QT_CONFIG(tooltip)
        self.refreshButton.setToolTip(QCoreApplication.translate("StatisticsRoom", u"\u91cd\u65b0\u7edf\u8ba1\uff08Alt+R\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.refreshButton.setText(QCoreApplication.translate("StatisticsRoom", u"\u5237\u65b0(&R)", None))
        self.stampLabel.setText(QCoreApplication.translate("StatisticsRoom", u"\u6b63\u5728\u7edf\u8ba1\u2026", None))
#if QT_CONFIG(accessibility)
        self.scrollArea.setAccessibleName(QCoreApplication.translate("StatisticsRoom", u"\u7edf\u8ba1\u56fe\u8868", None))
#endif // QT_CONFIG(accessibility)
        self.acceptedCaption.setText(QCoreApplication.translate("StatisticsRoom", u"\u53d7\u7406", None))
        self.draftCaption.setText(QCoreApplication.translate("StatisticsRoom", u"\u8349\u7a3f", None))
        self.benefitCaption.setText(QCoreApplication.translate("StatisticsRoom", u"\u9884\u8ba1\u5151\u73b0\u91d1\u989d", None))
        self.itemGroup.setTitle(QCoreApplication.translate("StatisticsRoom", u"\u6309\u653f\u7b56\u4e8b\u9879", None))
#if QT_CONFIG(accessibility)
        self.itemChart.setAccessibleName(QCoreApplication.translate("StatisticsRoom", u"\u6309\u653f\u7b56\u4e8b\u9879\u7edf\u8ba1\u7684\u7533\u8bf7\u4ef6\u6570", None))
#endif // QT_CONFIG(accessibility)
        self.statusGroup.setTitle(QCoreApplication.translate("StatisticsRoom", u"\u6309\u529e\u7406\u72b6\u6001", None))
#if QT_CONFIG(accessibility)
        self.statusChart.setAccessibleName(QCoreApplication.translate("StatisticsRoom", u"\u6309\u529e\u7406\u72b6\u6001\u7edf\u8ba1\u7684\u7533\u8bf7\u4ef6\u6570", None))
#endif // QT_CONFIG(accessibility)
        self.departmentGroup.setTitle(QCoreApplication.translate("StatisticsRoom", u"\u6309\u4e3b\u7ba1\u90e8\u95e8", None))
#if QT_CONFIG(accessibility)
        self.departmentChart.setAccessibleName(QCoreApplication.translate("StatisticsRoom", u"\u6309\u4e3b\u7ba1\u90e8\u95e8\u7edf\u8ba1\u7684\u7533\u8bf7\u4ef6\u6570", None))
#endif // QT_CONFIG(accessibility)
        self.coverageGroup.setTitle(QCoreApplication.translate("StatisticsRoom", u"\u514d\u7533\u5373\u4eab\u8986\u76d6\uff08\u672c\u5730\u4f01\u4e1a\u5e93\uff09", None))
#if QT_CONFIG(accessibility)
        self.coverageProgress.setAccessibleName(QCoreApplication.translate("StatisticsRoom", u"\u514d\u7533\u5373\u4eab\u8986\u76d6\u7684\u8ba1\u7b97\u8fdb\u5ea6", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.coverageChart.setAccessibleName(QCoreApplication.translate("StatisticsRoom", u"\u5404\u514d\u7533\u5373\u4eab\u4e8b\u9879\u53ef\u8986\u76d6\u7684\u4f01\u4e1a\u6570", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

