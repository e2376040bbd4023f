import QtQuick
import Feltnotat

// "Deltakere": my caseload by name; the team's and the closed ones one tap away.
RecordListPage {
    objectName: "participantListPage"
    title: qsTr("Deltakere")
    entity: "participant"
    filterLabel: qsTr("Søk etter navn")
    emptyText: qsTr("Ingen deltakere her.")
    addLabel: qsTr("Ny deltaker")
    scoped: true
}
