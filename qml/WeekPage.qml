import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// "Min uke": the user's own figures, computed from what they logged.
Page {
    id: page
    objectName: "weekPage"
    title: qsTr("Min uke")
    signal openRecord(string entity, string recordId)

    WeekController {
        id: week
        app: App
    }

    ListView {
        id: list
        objectName: "gapList"
        anchors.fill: parent
        clip: true
        model: week.gaps
        header: ColumnLayout {
            width: list.width
            spacing: Theme.spacing
            Label {
                text: week.weekText
                color: Theme.muted
                Layout.leftMargin: Theme.margin
                Layout.topMargin: Theme.margin
            }
            GridLayout {
                columns: 2
                columnSpacing: Theme.spacing
                rowSpacing: Theme.spacing
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                Layout.fillWidth: true
                FigureTile {
                    objectName: "employerContactsTile"
                    value: week.employerContacts
                    caption: qsTr("arbeidsgiverkontakter (mål %1)").arg(week.target)
                    good: week.employerContacts >= week.target
                }
                FigureTile {
                    value: week.encounters
                    caption: qsTr("besøk og samtaler")
                }
                FigureTile {
                    value: week.caseload
                    caption: qsTr("deltakere i porteføljen")
                }
                FigureTile {
                    value: week.inWork
                    caption: qsTr("av dem i jobb")
                }
            }
            SectionHeading {
                text: qsTr("Dager siden siste kontakt")
            }
        }
        delegate: ListRowDelegate {
            required property string recordId
            required title
            required property string when
            required property bool overdue
            trailing: when
            warn: overdue
            onClicked: page.openRecord("participant", recordId)
        }
    }
}
