"""casus: does an alliance treaty oblige a state to act? Datalog rules over dated, sourced facts."""
