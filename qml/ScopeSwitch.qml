import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// "Mine | Teamets": one switch between the user's own records and the whole team's.
RowLayout {
    id: scope
    property bool team: false
    property string mineText: qsTr("Mine")
    property string teamText: qsTr("Teamets")
    spacing: 0
    TabBar {
        objectName: "scopeBar"
        currentIndex: scope.team ? 1 : 0
        Layout.fillWidth: true
        TabButton {
            objectName: "scopeMine"
            text: scope.mineText
            onClicked: scope.team = false
        }
        TabButton {
            objectName: "scopeTeam"
            text: scope.teamText
            onClicked: scope.team = true
        }
    }
}
