"""Maps in other formats: argmap's JSON and the ICCMA and ASPARTIX frameworks (`export`)."""
