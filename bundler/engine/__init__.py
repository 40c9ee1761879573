"""The bundle engine: manifest -> hearing bundle PDF, and checks on any bundle. No Flask here."""
