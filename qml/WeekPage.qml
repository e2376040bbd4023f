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
            // The figures arrive after the list is laid out: a taller header would otherwise start
            // above the top of the view, the week's dates hidden under the sync bar.
            onImplicitHeightChanged: list.positionViewAtBeginning()
            spacing: Theme.spacing
            Label {
                text: week.weekText
                color: Theme.muted
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                Layout.topMargin: Theme.margin
            }
            GridLayout {
                id: tiles
                // Two tiles a row while their captions' longest word fits a tile, else one: large
                // text never cuts "arbeidsgiverkontakter". The compound has a soft hyphen, where
                // it breaks (with a hyphen) when even one tile a row is too narrow for it.
                columns: (tiles.width - tiles.columnSpacing) / 2 - 2 * employerTile.padding >= longestWord.advanceWidth ? 2 : 1
                columnSpacing: Theme.spacing
                rowSpacing: Theme.spacing
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                Layout.fillWidth: true
                TextMetrics {
                    id: longestWord
                    font.pixelSize: Theme.fontCaption
                    text: (employerTile.caption + " " + encounterTile.caption + " " + caseloadTile.caption + " "
                           + inWorkTile.caption).replace(/\u00AD/g, "-\u00AD").split(/[\s\u00AD]+/).reduce((a, b) => b.length > a.length ? b : a, "")
                }
                FigureTile {
                    id: employerTile
                    objectName: "employerContactsTile"
                    value: week.employerContacts
                    caption: qsTr("arbeidsgiver\u00ADkontakter (mål %1)").arg(week.target)
                    good: week.employerContacts >= week.target
                }
                FigureTile {
                    id: encounterTile
                    value: week.encounters
                    caption: qsTr("besøk og samtaler")
                }
                FigureTile {
                    id: caseloadTile
                    value: week.caseload
                    caption: qsTr("deltakere i porteføljen")
                }
                FigureTile {
                    id: inWorkTile
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
