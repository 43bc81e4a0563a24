# Desktop integration (freedesktop.org paths under the prefix): menu entry, hicolor icons,
# AppStream metadata. The application id names all three so that software centres match them.
set(TWEETLAB_APP_ID org.tweetlab.TweetLab)

install(FILES ${CMAKE_CURRENT_LIST_DIR}/${TWEETLAB_APP_ID}.desktop
  DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)

# The release date shown by software centres is the date of the commit being built, so that the
# same commit always gives the same metadata.
execute_process(COMMAND git log -1 --format=%cs
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
  OUTPUT_VARIABLE TWEETLAB_RELEASE_DATE OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT TWEETLAB_RELEASE_DATE)
  string(TIMESTAMP TWEETLAB_RELEASE_DATE "%Y-%m-%d" UTC)
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/${TWEETLAB_APP_ID}.metainfo.xml
  ${CMAKE_CURRENT_BINARY_DIR}/${TWEETLAB_APP_ID}.metainfo.xml @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${TWEETLAB_APP_ID}.metainfo.xml
  DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

set(icons ${PROJECT_SOURCE_DIR}/installer/icons)
install(FILES ${icons}/tweetlab.svg
  DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${TWEETLAB_APP_ID}.svg)
foreach(size 16 32 48 64 128 256)
  install(FILES ${icons}/tweetlab-${size}.png
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps RENAME ${TWEETLAB_APP_ID}.png)
endforeach()
