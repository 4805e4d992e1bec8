"""caseguard: keeps patient-identifying information out of shared medical teaching cases."""
